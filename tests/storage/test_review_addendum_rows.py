"""A signed review has at most one addendum, and an addendum always names its review: the
database itself keeps both, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from intake_app.storage.tables import Document, Intake, Review, StaffUser
from tests.storage.test_guards import completed  # noqa: F401


def signed_review(database, intake: Intake) -> Review:
    with database.session() as session:
        nurse = StaffUser(username="rosa", display_name="Rosa Díaz", roles=["nurse"],
                          password_hash="-")  # fmt: skip
        session.add(nurse)
        session.flush()
        review = Review(intake_id=intake.id, decision="not_eligible", note="Fever.",
                        signed_by=nurse.id, signed_name="Rosa Díaz", signed_roles="nurse",
                        meaning="Reviewed by Rosa Díaz")  # fmt: skip
        session.add(review)
    return review


def addendum(intake: Intake, review_id: str | None, name: str) -> Document:
    return Document(intake_id=intake.id, patient_id=intake.patient_id, kind="review_addendum",
                    path=f"/charts/{name}.pdf", sha256="cd" * 32, size_bytes=1024,
                    review_id=review_id)  # fmt: skip


def addenda(database) -> list[str]:
    with database.session() as session:
        return list(session.exec(select(Document.path)))


def test_a_review_has_one_addendum(database, completed):  # noqa: F811
    review = signed_review(database, completed)
    with database.session() as session:
        session.add(addendum(completed, review.id, "first"))
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(addendum(completed, review.id, "second"))
    assert addenda(database) == ["/charts/first.pdf"]


def test_an_addendum_names_its_review(database, completed):  # noqa: F811
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(addendum(completed, None, "of-no-review"))
    assert addenda(database) == []
