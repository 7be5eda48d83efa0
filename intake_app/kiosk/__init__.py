"""The tablet kiosk without Qt: the patient's intake session, its pages, idle
time and birth-date checks. The screens in ``intake_app.gui`` drive these objects
(staff unlock the tablet with their own accounts: ``intake_app.staff``).
"""
