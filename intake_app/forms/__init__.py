"""The forms folder as a whole: questionnaires and consents found, checked and loaded
together (``catalog``).

It sits above ``questionnaire`` and ``consent``: the consent reads the questionnaire's
form-file tools, and nothing below imports the catalog.
"""
