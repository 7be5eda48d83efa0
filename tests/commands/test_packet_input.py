"""``intake-app packet --input``: every wrong field is named, and nothing is stored."""

from __future__ import annotations

import copy
import json

import pytest
from sqlmodel import SQLModel, func, select

from intake_app.cli import main
from intake_app.kiosk.limits import MRN_MAX, PERSON_NAME_MAX, SIGNED_NAME_MAX
from intake_app.settings import load_settings
from intake_app.storage.db import Database
from intake_app.storage.tables import ConsentRecord, Patient
from tests.conftest import PRODUCT_TOML


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
    ("consent.comprehension.saline_trial", REMOVE, "consent.comprehension.saline_trial: the patient's answer is missing"),
    ("consent.comprehension.saline_trial", "maybe", 'consent.comprehension.saline_trial: the patient\'s answer is "maybe"'),
    ("consent.comprehension.who_pays_study", "study", "consent.comprehension.who_pays_study: not a field here"),
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
    ("answers.date_of_birth", "1950-01-01", "answers.date_of_birth: not a question of this form"),
    ("answers.given_names", "Maria", "answers.given_names: not a question of this form"),
    ("consent.talked", REMOVE, "consent.talked: missing; the patient had a question about 'risks', a wrong answer to 'fda_approved'"),
    ("consent.talked", {"name": "Rosa"}, "consent.talked.name: not a field here"),
    ("consent.answers_after_talk", {}, "consent.answers_after_talk.fda_approved: missing"),
    ("consent.answers_after_talk.fda_approved", "approved_for_knees", "consent.answers_after_talk.fda_approved: still wrong after the talk"),
    ("consent.answers_after_talk.fever_after", "call_now", "consent.answers_after_talk.fever_after: not asked again"),
    ("consent.released", REMOVE, "consent.released.before_consent: missing; the flag(s) language_support hold the patient before the consent"),
    ("consent.released.before_decision", {"by": "Rosa"}, "consent.released.before_decision: no flag held the patient there"),
    ("consent.released.later", {"by": "Rosa"}, "consent.released.later: not a field here"),
    ("consent.signed_name", "Maria Nunez", "consent.signed_name: differs from the registered name"),
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
    for question in ("fda_approved", "saline_trial", "fever_after", "who_pays", "change_mind"):
        assert f"consent.comprehension.{question}: the patient's answer is missing" in err
    assert nothing_stored()


def stored_record() -> ConsentRecord:
    database = Database(load_settings().database_url)
    with database.session() as session:
        [record] = session.exec(select(ConsentRecord)).all()
    database.dispose()
    return record


def test_the_sample_answers_once_wrongly_then_rightly_after_the_talk(tmp_path, capsys):
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    record = stored_record()
    answered = [(s["question"], s["attempt"], s["correct"]) for s in record.comprehension]
    assert set(q for q, _, _ in answered) == {
        "fda_approved",
        "saline_trial",
        "fever_after",
        "another_choice",
        "who_pays",
        "change_mind",
    }
    assert [(q, n) for q, n, correct in answered if not correct] == [("fda_approved", 1)]
    assert ("fda_approved", 2, True) in answered  # asked again after the talk; both kept
    holds = [(h["hold"], h["by"]) for h in record.holds]
    assert holds == [
        ("before_consent", "Rosa Díaz, RN (with a Spanish interpreter)"),
        ("discussion", "Rosa Díaz, RN"),
    ]


def test_a_stop_flag_is_refused_until_the_file_names_who_released_it(sample, tmp_path, capsys):
    pregnant = change(sample, "answers.conditions", ["diabetes", "cancer_now"])
    assert run_packet(pregnant, tmp_path) == 2
    err = capsys.readouterr().err
    assert (
        "consent.released.before_decision: missing; the flag(s) cancer_now hold the patient "
        "before the decision (STOP flags)"
    ) in err
    assert '{"by": ' in err
    assert nothing_stored()
    released = change(pregnant, "consent.released.before_decision", {"by": "Dr. Amy Cole"})
    assert run_packet(released, tmp_path) == 0
    assert ("before_decision", "Dr. Amy Cole") in [
        (h["hold"], h["by"]) for h in stored_record().holds
    ]


def test_a_typed_name_that_differs_is_stored_once_staff_accepted_it(sample, tmp_path, capsys):
    nickname = change(sample, "consent.signed_name", "Majo Núñez")
    nickname = change(nickname, "consent.released.signed_name", {"by": "Rosa Díaz, RN"})
    assert run_packet(nickname, tmp_path) == 0
    record = stored_record()
    assert record.signed_name == "Majo Núñez"
    assert ("signed_name", "Rosa Díaz, RN") in [(h["hold"], h["by"]) for h in record.holds]


def test_the_name_in_another_order_or_without_accents_is_the_registered_name(
    sample, tmp_path, capsys
):
    reordered = change(sample, "consent.signed_name", "NUNEZ GARCIA, Maria Jose")
    assert run_packet(reordered, tmp_path) == 0
    assert [h["hold"] for h in stored_record().holds] == ["before_consent", "discussion"]


def test_a_failure_while_storing_leaves_nothing_half_stored(sample, tmp_path, monkeypatch, capsys):
    def power_cut(*_args, **_kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr("intake_app.services.consenting.record_consent", power_cut)
    assert run_packet(sample, tmp_path) == 70
    assert nothing_stored()


def test_an_mrn_on_file_for_another_patient_is_refused(sample, tmp_path, capsys):
    assert run_packet(sample, tmp_path) == 0
    before = stored_rows()
    filed = list((tmp_path / "out").iterdir())
    other = change(sample, "patient.given_names", "Other")
    other = change(other, "patient.family_name", "Person")
    other = change(other, "consent.signed_name", "Other Person")
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
    clinic.write_text(
        "[clinic]\nname = 'X'\n[consent]\nwitness = true\n" + PRODUCT_TOML, encoding="utf-8"
    )
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(clinic))
    assert run_packet(sample, tmp_path) == 2
    assert "consent.witness: this clinic's settings ask for a witness" in capsys.readouterr().err
    assert nothing_stored()


def test_a_consent_whose_product_facts_are_missing_is_never_signed(
    sample, tmp_path, monkeypatch, capsys
):
    # The tablet opens no consent until the clinic names the product; nor does a file.
    clinic = tmp_path / "bare.toml"
    clinic.write_text('[clinic]\nname = "X"\n[product]\nname = "ExoJoint"\n', encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(clinic))
    assert run_packet(sample, tmp_path) == 2
    err = capsys.readouterr().err
    assert "product source is not filled in" in err
    assert "product manufacturer is not filled in" in err
    assert "product price_usd is not filled in" in err
    assert str(clinic) in err
    assert nothing_stored()


def test_a_document_left_staged_in_the_out_folder_by_a_kill_is_removed_next_time(
    sample, tmp_path, capsys
):
    """The app's own clean-up knows the documents folder, not a folder named with --out."""
    import os
    import time

    out = tmp_path / "out"
    out.mkdir()
    stale, fresh = out / ".incoming-OLD.pdf", out / ".incoming-NEW.pdf"
    for staged in (stale, fresh):
        staged.write_bytes(b"%PDF a patient's document, never filed")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    assert run_packet(sample, tmp_path) == 0
    assert not stale.exists()
    assert fresh.exists(), "another run may be writing it right now"


def test_what_staff_talked_over_is_stored_and_printed_in_the_chart(sample, tmp_path, capsys):
    import subprocess

    note = "Explained the FDA status; she asked about the cost again."
    talked = change(sample, "consent.talked", {"by": "Rosa Díaz, RN", "note": note})
    assert run_packet(talked, tmp_path) == 0
    [discussion] = [h for h in stored_record().holds if h["hold"] == "discussion"]
    assert (discussion["by"], discussion["note"]) == ("Rosa Díaz, RN", note)
    pdf = capsys.readouterr().out.strip()
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    assert "What was talked over: Explained the FDA status" in " ".join(text.stdout.split())


def test_a_talk_note_with_control_codes_is_refused_naming_the_field(sample, tmp_path, capsys):
    talked = change(sample, "consent.talked", {"by": "Rosa Díaz, RN", "note": "cost\x1b[2J"})
    assert run_packet(talked, tmp_path) == 2
    assert "consent.talked.note: use plain text, without control codes" in capsys.readouterr().err
    assert nothing_stored()
