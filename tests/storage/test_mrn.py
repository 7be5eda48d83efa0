"""One MRN belongs to one patient, whatever its case or spacing, and even when two
tablets (or two imports) store it at the same moment."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from intake_app.storage import patients as patient_storage
from intake_app.storage.patients import PatientDetails, PatientMismatch, find_or_create_patient
from intake_app.storage.tables import Patient

PROJECT = Path(__file__).resolve().parents[2]
BORN = dt.date(1980, 1, 1)


def store(database, details: PatientDetails) -> Patient:
    with database.session() as session:
        patient = find_or_create_patient(session, details=details)
        session.commit()
    return patient


def patients(database) -> list[Patient]:
    with database.session() as session:
        return list(session.exec(select(Patient).order_by(Patient.given_names)))


def test_an_mrn_in_another_case_or_with_spaces_is_the_same_mrn(database):
    ana = store(database, PatientDetails("Ana", "Ruiz", BORN, mrn="abc-1"))
    assert store(database, PatientDetails("Ana", "Ruiz", BORN, mrn="ABC-1 ")).id == ana.id
    with pytest.raises(PatientMismatch):
        store(database, PatientDetails("Bea", "Soto", BORN, mrn=" Abc-1"))
    assert [p.given_names for p in patients(database)] == ["Ana"]


def test_case_is_folded_beyond_ascii_too(database):
    """SQLite's lower() folds only A to Z; the stored key folds every script."""
    ana = store(database, PatientDetails("Ana", "Ruiz", BORN, mrn="ÑANDÚ-7"))
    assert store(database, PatientDetails("Ana", "Ruiz", BORN, mrn="ñandú-7")).id == ana.id
    with pytest.raises(PatientMismatch):
        store(database, PatientDetails("Bea", "Soto", BORN, mrn="Ñandú-7"))


def test_any_number_of_patients_can_have_no_mrn(database):
    for given, mrn in (("Ana", None), ("Bea", ""), ("Carla", "   ")):
        store(database, PatientDetails(given, "Ruiz", BORN, mrn=mrn))
    assert [(p.given_names, p.mrn) for p in patients(database)] == [
        ("Ana", None),
        ("Bea", None),
        ("Carla", None),
    ]


def test_the_database_itself_refuses_a_second_patient_with_one_mrn(database):
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(Patient(given_names="Ana", family_name="Ruiz", date_of_birth=BORN, mrn="M-1"))
        session.add(Patient(given_names="Bea", family_name="Soto", date_of_birth=BORN, mrn="m-1 "))


def lookup_that_misses_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lookup of a patient with an MRN runs before the other tablet stored it."""
    real = patient_storage._known_patient

    def missing(session, details):
        monkeypatch.setattr(patient_storage, "_known_patient", real)
        return None if details.mrn else real(session, details)

    monkeypatch.setattr(patient_storage, "_known_patient", missing)


def test_a_race_lost_to_another_person_refuses_without_losing_the_callers_work(
    database, monkeypatch
):
    store(database, PatientDetails("Bea", "Soto", BORN, mrn="MRN-7"))  # the other tablet
    with database.session() as session:
        find_or_create_patient(session, details=PatientDetails("Carla", "Ruiz", BORN))
        lookup_that_misses_once(monkeypatch)
        with pytest.raises(PatientMismatch):
            find_or_create_patient(session, details=PatientDetails("Ana", "Ruiz", BORN, "MRN-7"))
        session.commit()  # the caller's transaction is still usable, with its earlier work
    assert [p.given_names for p in patients(database)] == ["Bea", "Carla"]


def test_a_race_lost_to_the_same_person_uses_the_patient_just_stored(database, monkeypatch):
    stored = store(database, PatientDetails("Ana", "Ruiz", BORN, mrn="MRN-7"))
    lookup_that_misses_once(monkeypatch)
    again = store(database, PatientDetails("ANA", "ruiz", BORN, mrn="mrn-7"))
    assert again.id == stored.id
    assert len(patients(database)) == 1


# --- two processes, one MRN, the same moment -----------------------------------------------

ROUNDS = 5

# One tablet: for each round, say it is ready, wait for the start, store its patient.
TABLET = """
import datetime as dt, json, sys, time
from pathlib import Path
from intake_app.storage.db import Database
from intake_app.storage.patients import PatientDetails, PatientMismatch, find_or_create_patient

url, folder, tablet, given, rounds = sys.argv[1], Path(sys.argv[2]), *sys.argv[3:]
database = Database(url)
for n in range(int(rounds)):
    (folder / f"{tablet}-ready-{n}").touch()
    while not (folder / f"start-{n}").exists():
        time.sleep(0.0002)
    details = PatientDetails(given, "Ruiz", dt.date(1980, 1, 1), mrn=f"MRN-RACE-{n}")
    try:
        with database.session() as session:
            patient = find_or_create_patient(session, details=details)
            session.commit()
        print(json.dumps([n, "stored", patient.id]), flush=True)
    except PatientMismatch:
        print(json.dumps([n, "refused", None]), flush=True)
database.dispose()
"""


def race(database, folder: Path, names: list[str]) -> list[list[tuple[str, str | None]]]:
    """Each name stored by its own process, all at once, ROUNDS times; each round's outcomes."""
    folder.mkdir()
    tablets = [
        subprocess.Popen(
            [sys.executable, "-c", TABLET, database.url, str(folder), f"t{i}", name, str(ROUNDS)],
            cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i, name in enumerate(names)
    ]  # fmt: skip
    try:
        for n in range(ROUNDS):
            ready = [folder / f"t{i}-ready-{n}" for i in range(len(names))]
            deadline = time.monotonic() + 60
            while not all(r.exists() for r in ready):
                assert all(t.poll() is None for t in tablets), "a tablet stopped early"
                assert time.monotonic() < deadline, "the tablets never got ready"
                time.sleep(0.01)
            (folder / f"start-{n}").touch()
        finished = [t.communicate(timeout=120) for t in tablets]
    finally:
        for tablet in tablets:
            tablet.kill() if tablet.poll() is None else None
    for tablet, (_out, err) in zip(tablets, finished, strict=True):
        assert tablet.returncode == 0 and "Traceback" not in err, err
    rounds: list[list[tuple[str, str | None]]] = [[] for _ in range(ROUNDS)]
    for out, _err in finished:
        for n, outcome, patient_id in map(json.loads, out.splitlines()):
            rounds[n].append((outcome, patient_id))
    return rounds


def holders(database, n: int) -> list[str]:
    """Who holds round ``n``'s MRN."""
    with database.session() as session:
        query = select(Patient).where(Patient.mrn == f"MRN-RACE-{n}")
        return [p.given_names for p in session.exec(query)]


def test_two_imports_of_one_mrn_for_two_people_at_once_store_one_and_refuse_the_other(
    database, tmp_path
):
    for n, outcomes in enumerate(race(database, tmp_path / "race", ["Ana", "Bea"])):
        assert sorted(outcome for outcome, _ in outcomes) == ["refused", "stored"]
        assert len(holders(database, n)) == 1


def test_two_imports_of_one_person_at_once_both_get_the_one_patient(database, tmp_path):
    for n, outcomes in enumerate(race(database, tmp_path / "race", ["Ana", "Ana"])):
        assert [outcome for outcome, _ in outcomes] == ["stored", "stored"]
        assert len({patient_id for _, patient_id in outcomes}) == 1
        assert holders(database, n) == ["Ana"]
