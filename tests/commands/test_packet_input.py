"""``intake-app packet --input``: every wrong field is named, and nothing is stored."""

from __future__ import annotations

import copy
import json

import pytest
from sqlmodel import SQLModel, func, select

from intake_app.cli import main
from intake_app.commands.packet import _sample_input
from intake_app.kiosk.limits import MRN_MAX, PERSON_NAME_MAX, SIGNED_NAME_MAX
from intake_app.questionnaire.catalog import FormCatalog
from intake_app.settings import load_settings
from intake_app.storage.db import Database
from intake_app.storage.tables import ConsentRecord, Patient


@pytest.fixture(scope="module")
def sample() -> dict:
    """The built-in sample input: valid, so each test breaks one thing."""
    return _sample_input(FormCatalog.from_folder(load_settings().forms_dir))


def run_packet(data: dict, tmp_path) -> int:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return main(["packet", "--input", str(source), "--out", str(tmp_path / "out")])


def stored_rows() -> dict[str, int]:
    """How many rows each table holds."""
    database = Database(load_settings().database_url)
    with database.engine.connect() as connection:
        counts = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }
    database.dispose()
    return counts


def nothing_stored() -> bool:
    return not any(stored_rows().values())


def change(data: dict, path: str, value) -> dict:
    """A copy of ``data`` with the field at ``path`` ("consent.signature") set or removed."""
    changed = copy.deepcopy(data)
    *parents, last = path.split(".")
    target = changed
    for key in parents:
        target = target[key]
    if value is REMOVE:
        del target[last]
    else:
        target[last] = value
    return changed


REMOVE = object()
FAR_OFF = [[{"x": 0.1 * i, "y": 2.0, "t": i * 10} for i in range(20)]]
NAN = [[{"x": float("nan"), "y": 0.1, "t": 0}]]
BAD_INPUTS = [
    # the field changed, its new value, the start of the problem line
    ("consent.signed_name", 12345, "consent.signed_name: must be text"),
    ("answers", [["pain_now", 6]], "answers: must be an object"),
    ("consent", [{"decision": "agree"}], "consent: must be an object"),
    ("consent.comprehension", ["not_approved"], "consent.comprehension: must be an object"),
    ("consent.questions", "risks", "consent.questions: must be a list"),
    ("consent.acknowledged", ["what_it_is"], "consent.acknowledged: 'evidence' is missing"),
    ("consent.acknowledged", REMOVE, "consent.acknowledged: missing"),
    ("consent.comprehension.proven", REMOVE, "consent.comprehension.proven: the patient's answer is missing"),
    ("consent.comprehension.proven", "maybe", 'consent.comprehension.proven: the patient\'s answer is "maybe"'),
    ("consent.comprehension.fda_ok", "yes", "consent.comprehension.fda_ok: not a field here"),
    ("consent.decision", "maybe", "consent.decision: must be"),
    ("consent.signature", NAN, "consent.signature[0][0]: a point needs the numbers"),
    ("consent.signature", [[{"x": True, "y": 0.1, "t": 0}]], "consent.signature[0][0]"),
    ("consent.signature", FAR_OFF, "consent.signature[0][0]: the point is off the pad"),
    ("consent.signature", "scribble", "consent.signature: must be a list of strokes"),
    ("consent.witness", ["Nurse Joy"], "consent.witness: must be an object"),
    ("consent.witness", {"name": "Joy Park", "role": "n" * 201, "signature": NAN},
     "consent.witness.role: use 200 characters or fewer"),
    ("consent.signed_name", "S" * (SIGNED_NAME_MAX + 1), "consent.signed_name: use 200 characters"),
    ("patient", "María José Núñez García", "patient: must be an object"),
    ("patient.mrn", 204816, "patient.mrn: must be text"),
    ("patient.mrn", "M" * (MRN_MAX + 1), f"patient.mrn: use {MRN_MAX} characters or fewer"),
    ("patient.given_names", "G" * (PERSON_NAME_MAX + 1), "patient.given_names: use 200"),
    ("patient.date_of_birth", "2090-01-01", "patient.date_of_birth: This date is in the future"),
    ("patient.date_of_birth", 19610714, "patient.date_of_birth: Please enter the date"),
    ("patient.given_names", "Other", "answers.given_names: differs from patient.given_names"),
    ("answers.date_of_birth", "1950-01-01", "answers.date_of_birth: differs from patient"),
    ("answers.family_name", "Garcia", "answers.family_name: differs from patient.family_name"),
    ("language", ["en"], "language: must be text"),
    ("version", 1.0, "version: must be text"),
    ("consents", {}, "consents: not a field here"),
]  # fmt: skip


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[path for path, _, _ in BAD_INPUTS])
def test_a_wrong_field_is_named_exits_2_and_stores_nothing(sample, tmp_path, capsys, case):
    path, value, problem = case
    assert run_packet(change(sample, path, value), tmp_path) == 2
    err = capsys.readouterr().err
    assert problem in err
    assert err.rstrip().endswith("nothing was stored.")
    assert "Traceback" not in err and "unexpected error" not in err
    assert nothing_stored()
    assert not (tmp_path / "out").exists()


def test_every_missing_comprehension_answer_is_named_never_filled_in(sample, tmp_path, capsys):
    # Before, a missing answer was stored as the right one: a record of questions never seen.
    assert run_packet(change(sample, "consent.comprehension", {}), tmp_path) == 2
    err = capsys.readouterr().err
    for question in ("fda_approved", "proven", "name_a_risk", "who_pays", "can_say_no"):
        assert f"consent.comprehension.{question}: the patient's answer is missing" in err
    assert nothing_stored()


def test_the_sample_gives_every_comprehension_answer_and_one_is_wrong(tmp_path, capsys):
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    database = Database(load_settings().database_url)
    with database.session() as session:
        [record] = session.exec(select(ConsentRecord)).all()
    database.dispose()
    answered = {step["question"]: step["correct"] for step in record.comprehension}
    assert set(answered) == {"fda_approved", "proven", "name_a_risk", "who_pays", "can_say_no"}
    assert [q for q, correct in answered.items() if not correct] == ["fda_approved"]


def test_a_failure_while_storing_leaves_nothing_half_stored(sample, tmp_path, monkeypatch, capsys):
    def power_cut(*_args, **_kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr("intake_app.commands.packet.record_consent", power_cut)
    assert run_packet(sample, tmp_path) == 70
    assert nothing_stored()


def test_an_mrn_on_file_for_another_patient_is_refused(sample, tmp_path, capsys):
    assert run_packet(sample, tmp_path) == 0
    before = stored_rows()
    filed = list((tmp_path / "out").iterdir())
    other = change(sample, "patient.given_names", "Other")
    other = change(other, "patient.family_name", "Person")
    other["answers"] |= {"given_names": "Other", "family_name": "Person"}
    capsys.readouterr()

    assert run_packet(other, tmp_path) == 2

    err = capsys.readouterr().err
    assert (
        "patient.mrn: belongs to another patient (name or date of birth differs)"
        in err.splitlines()
    )
    assert "María" not in err and "Núñez" not in err
    assert stored_rows() == before
    assert list((tmp_path / "out").iterdir()) == filed


def test_the_same_patient_written_without_accents_is_found_by_mrn(sample, tmp_path, capsys):
    assert run_packet(sample, tmp_path) == 0
    plain = change(sample, "patient.given_names", "MARIA JOSE")
    plain["answers"]["given_names"] = "Maria Jose"
    assert run_packet(plain, tmp_path) == 0
    database = Database(load_settings().database_url)
    with database.session() as session:
        patients = session.exec(select(Patient)).all()
    database.dispose()
    assert [p.given_names for p in patients] == ["María José"]


def test_a_witness_is_stored_with_name_role_and_signature(sample, tmp_path, capsys):
    witness = {"name": "Joy Park", "role": "Nurse", "signature": sample["consent"]["signature"]}
    assert run_packet(change(sample, "consent.witness", witness), tmp_path) == 0
    database = Database(load_settings().database_url)
    with database.session() as session:
        [record] = session.exec(select(ConsentRecord)).all()
    database.dispose()
    assert (record.witness_name, record.witness_role) == ("Joy Park", "Nurse")
    assert record.witness_signature_png.startswith(b"\x89PNG")


def test_a_clinic_that_asks_for_a_witness_refuses_a_file_without_one(
    sample, tmp_path, monkeypatch, capsys
):
    clinic = tmp_path / "clinic.toml"
    clinic.write_text("[clinic]\nname = 'X'\n[consent]\nwitness = true\n", encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(clinic))
    assert run_packet(sample, tmp_path) == 2
    assert "consent.witness: this clinic's settings ask for a witness" in capsys.readouterr().err
    assert nothing_stored()
