"""Patient intake, informed consent and signed chart documents for a joint-injection clinic."""

__version__ = "0.1.0"
