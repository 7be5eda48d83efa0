"""A signed review makes its sealed addendum: one call, made off the GUI thread.

Right after ``Reviews.sign_off`` the station calls ``make_review_addendum`` with the
review it returned. The addendum (``chart.review_addendum``) is sealed, staged,
committed and put in place exactly as the chart document (``services.filing``),
under its own file name (the patient's name and MRN, ``REVIEW``, its document id),
never over another file. One review has at most one addendum: the database refuses
a second (``document.review_id`` is unique), so a second call, or two stations
making it at the same moment, returns the one on file. A crash between the
signature and the PDF loses nothing: ``documents make-missing`` makes the addenda
of signed reviews that have none (``services.pending_documents``).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from intake_app.chart.review_addendum import build_review_addendum
from intake_app.forms.catalog import FormCatalog
from intake_app.services.actor import Actor
from intake_app.services.filing import file_sealed, new_document_id
from intake_app.services.permissions import Permission, require
from intake_app.services.review_addendum_content import addendum_content
from intake_app.settings import Settings
from intake_app.storage.db import Database
from intake_app.storage.tables import Document, Intake, Review

KIND = "review_addendum"


def make_review_addendum(
    database: Database,
    review_id: str,
    *,
    settings: Settings,
    catalog: FormCatalog,
    by: Actor,
) -> Document:
    """The sealed addendum of the signed review ``review_id``: made now, or the one on file.

    ``by`` needs ``MAKE_DOCUMENTS`` (the nurse or clinician who signed has it).
    ``LookupError`` for an unknown review, or while the intake's chart document is not
    made yet; sealing problems raise as for the chart document (``chart.seal``).
    """
    require(by, Permission.MAKE_DOCUMENTS)
    with database.session() as session:
        made = addendum_of(session, review_id)
        if made is not None:
            return made
        try:
            return file_review_addendum(
                session, review_id=review_id, catalog=catalog, settings=settings
            )
        except IntegrityError:  # another station filed it a moment ago
            session.rollback()
            made = addendum_of(session, review_id)
            if made is None:
                raise
            return made


def addendum_of(session: Session, review_id: str) -> Document | None:
    """The review's addendum on file, if any."""
    return session.exec(select(Document).where(Document.review_id == review_id)).first()


def file_review_addendum(
    session: Session, *, review_id: str, catalog: FormCatalog, settings: Settings
) -> Document:
    """Gather, build, seal and file the addendum of ``review_id`` (commits the session)."""
    review = session.get(Review, review_id)
    if review is None:
        raise LookupError("no signed review with this id")
    intake = session.get(Intake, review.intake_id)
    assert intake is not None  # a review's intake is never deleted (storage.guards)
    content = addendum_content(
        session, review=review, catalog=catalog, settings=settings, document_id=new_document_id()
    )
    pdf = build_review_addendum(content)
    return file_sealed(
        session,
        intake=intake,
        content=content.header,
        pdf=pdf,
        settings=settings,
        kind=KIND,
        review_id=review.id,
    )
