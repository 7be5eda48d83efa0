"""``intake-app export fhir``: the Bundle on standard output or in a new owner-only file,
a plain message for an intake it cannot export, and a note while the clinic's FHIR
names are placeholders."""

from __future__ import annotations

import json
import stat

from intake_app.cli import main
from intake_app.settings import load_settings
from tests.fhir.intakes import sign


def test_the_bundle_goes_to_stdout_or_to_a_new_owner_only_file(tmp_path, capsys):
    intake = sign(tmp_path, decision="refuse")
    capsys.readouterr()
    assert main(["export", "fhir", intake.intake_id]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.out)["type"] == "transaction"
    assert "placeholder" not in printed.err  # the test clinic sets its own [fhir] names
    out = tmp_path / "intake.json"
    assert main(["export", "fhir", intake.intake_id, "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["resourceType"] == "Bundle"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert main(["export", "fhir", intake.intake_id, "--out", str(out)]) == 1
    assert "exists already" in capsys.readouterr().err


def test_an_unknown_intake_is_named_in_one_line(tmp_path, capsys):
    sign(tmp_path, decision="refuse")
    capsys.readouterr()
    assert main(["export", "fhir", "no-such-intake"]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err == "intake-app export: no intake with the id no-such-intake\n"


def test_the_placeholder_names_are_pointed_out(tmp_path, capsys):
    intake = sign(tmp_path, decision="refuse")
    clinic_file = load_settings().clinic_file
    text = clinic_file.read_text(encoding="utf-8")
    clinic_file.write_text(text.split("[fhir]")[0], encoding="utf-8")
    capsys.readouterr()
    assert main(["export", "fhir", intake.intake_id]) == 0
    printed = capsys.readouterr()
    assert "[fhir] mrn_system and [fhir] canonical_base not set" in printed.err
    patient = json.loads(printed.out)["entry"][0]["resource"]
    assert patient["identifier"][0]["system"] == "http://clinic.invalid/fhir/mrn"
