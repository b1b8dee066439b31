"""commplan: strategic communication planning and message testing for education agencies."""

from .checks import Finding, Report, Severity, check_text
from .checks.worker import CheckTimedOut, check_text_limited

__all__ = ["CheckTimedOut", "Finding", "Report", "Severity", "check_text", "check_text_limited"]
__version__ = "0.1.0"
