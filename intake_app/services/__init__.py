"""The service layer: one call is one transaction, made on behalf of a named actor.

Each service call checks that its ``Actor`` may do what is asked
(``permissions``), does it through the storage functions (which flush and never
commit), writes the audit events, and commits once or rolls back. The screens
and the command line call services; they open no database session themselves.
"""
