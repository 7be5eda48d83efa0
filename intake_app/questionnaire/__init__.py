"""The questionnaire domain: forms as data, conditions, answers, calculations, flags.

Nothing here imports Qt; the screens and the command line both build on it.
"""
