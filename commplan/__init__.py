"""commplan: strategic communication planning and message testing for education agencies."""

from .checks import Finding, Report, Severity, check_text

__all__ = ["Finding", "Report", "Severity", "check_text"]
__version__ = "0.1.0"
