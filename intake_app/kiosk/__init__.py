"""The tablet kiosk without Qt: the patient's intake session, its pages, idle
time and the staff PIN. The screens in ``intake_app.gui`` drive these objects.
"""
