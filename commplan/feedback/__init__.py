"""Feedback from interest holders: tables and exports (no Streamlit, no SQL)."""
