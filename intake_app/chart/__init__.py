"""The chart document: the signed PDF that goes into the patient's chart (no Qt)."""
