"""The Feedback page's tabs, one module each (see commplan/ui/pages/feedback.py)."""
