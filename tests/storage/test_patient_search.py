"""The staff search finds patients by the name key stored with them: kept in step with the
name, and read in the database, so a search that matches nobody reads no patient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from intake_app.storage.patients import find_patients
from intake_app.storage.tables import Patient

BORN = dt.date(1970, 1, 1)


def add(database, given: str, family: str) -> str:
    with database.session() as session:
        patient = Patient(given_names=given, family_name=family, date_of_birth=BORN)
        session.add(patient)
        session.commit()
        return patient.id


def found(database, text: str, *, limit: int = 20) -> list[str]:
    with database.session() as session:
        matches = find_patients(session, text=text, date_of_birth=None, mrn=None, limit=limit)
        return [f"{m.patient.given_names} {m.patient.family_name}" for m in matches]


@contextmanager
def patients_read() -> Iterator[list[str]]:
    """The ids of the patients read into Python while the block runs."""
    read: list[str] = []

    def loaded(patient: Patient, _context) -> None:
        read.append(patient.id)

    event.listen(Patient, "load", loaded)
    try:
        yield read
    finally:
        event.remove(Patient, "load", loaded)


def test_a_corrected_name_is_found_by_the_new_name_only(database):
    patient_id = add(database, "Ana", "Núñez")
    with database.session() as session:
        patient = session.get(Patient, patient_id)
        patient.family_name = "Pérez-Ölund"
        session.add(patient)
        session.commit()
    assert found(database, "PEREZ olund") == ["Ana Pérez-Ölund"]
    assert found(database, "nunez") == []


def test_a_search_reads_only_the_patients_it_shows(database):
    for n in range(40):
        add(database, f"Given{n}", "Núñez" if n % 2 else "Smith")
    with patients_read() as read:
        assert found(database, "xiomara") == []
    assert read == [], "a search that matches nobody reads no patient"
    with patients_read() as read:
        assert len(found(database, "nunez", limit=5)) == 5
    assert len(read) == 5
