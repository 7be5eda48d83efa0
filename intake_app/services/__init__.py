"""The service layer: one call is one transaction, made on behalf of a named actor.

Each service call checks that its ``Actor`` may do what is asked
(``permissions``), does it through the storage functions (which flush and never
commit), writes the audit events, and commits once or rolls back. The screens
and the command line call services; they open no database session themselves.

The documents' steps take the caller's session: ``document_content`` gathers what
the chart package draws (that package reads no storage), ``filing`` seals and
files each document, committing its row before its file is put in place,
``pending_documents`` makes those still owed and ``document_recovery`` finishes the
writes a kill interrupted; ``documents`` is the service calls over them.
"""
