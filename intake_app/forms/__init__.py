"""The forms folder as a whole: questionnaires and consents found, checked and loaded
together (``catalog``).

It sits above ``questionnaire`` and ``consent``, two siblings that share only the
form-file tools below them (``form_files``); nothing below imports the catalog.
"""
