"""Draft checks: one module per family, a registry, ``Finding`` and ``Report``."""

from .engine import REGISTRY, check_text
from .findings import CATEGORIES, Finding, Report, Severity

__all__ = ["CATEGORIES", "REGISTRY", "Finding", "Report", "Severity", "check_text"]
