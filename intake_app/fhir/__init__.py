"""FHIR R4: the clinic's records and forms in the standard other systems read."""
