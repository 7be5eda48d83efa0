"""What questionnaire and consent files share, without Qt and without either form kind.

Reading a form file as YAML with the line of every key (``source``), schema errors
worded for a clinic (``schema_errors``), the parts both schemas are built from
(``model``), texts in several languages and the check that each is translated
(``translations``), and ``{placeholders}`` filled in (``placeholders``).

It sits below ``questionnaire`` and ``consent``, which are siblings: neither imports
the other, and nothing here imports either.
"""
