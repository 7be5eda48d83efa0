"""The checks of ``intake-app doctor``, one module per group (see ``services.doctor``).

Each check returns ``Finding`` values (``findings``): what was found in plain words and
what to do, naming files, folders and documents by id and file name, never a patient's
details. None of them changes anything: a check that finds a problem leaves fixing it
to the clinic's administrator.
"""
