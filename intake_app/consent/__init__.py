"""Informed consent without Qt: the document as data, the exact text shown, and its hash."""
