"""The intake-app command: clear lines and exit codes, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from intake_app.cli import QT_SYSTEM_PACKAGES, main
from intake_app.gui.launch import display_problem
from tests.conftest import MINI_FORM, SHIPPED_INTAKE


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run intake-app in a fresh process, the way staff would."""
    return subprocess.run(
        [sys.executable, "-m", "intake_app", *args],
        capture_output=True,
        text=True,
        env=env if env is not None else os.environ.copy(),
        timeout=120,
    )


def test_forms_check_on_the_shipped_forms_exits_0_with_a_summary():
    result = run_cli("forms", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "no problems" in lines[0] and "exosome-joint-intake 1.0" in lines[0]


def test_forms_check_names_file_and_line_of_a_typo_in_a_condition(tmp_path):
    text = SHIPPED_INTAKE.read_text(encoding="utf-8")
    target = "item: had_joint_injections"
    assert target in text
    line = text[: text.index(target)].count("\n") + 1
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(target, "item: had_joint_injection", 1), encoding="utf-8")

    result = run_cli("forms", "check", str(broken))

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"{broken}:{line}: condition names 'had_joint_injection'")
    assert "did you mean 'had_joint_injections'?" in result.stdout


def test_forms_check_reports_a_missing_path_as_a_problem(tmp_path):
    missing = tmp_path / "nope.yaml"
    result = run_cli("forms", "check", str(missing))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{missing}:1: no such file or folder"


def test_forms_check_of_a_folder_without_forms_fails(tmp_path, capsys):
    assert main(["forms", "check", str(tmp_path)]) == 1
    assert "No form files found" in capsys.readouterr().err


def test_forms_check_accepts_several_paths(capsys):
    assert main(["forms", "check", str(MINI_FORM), str(SHIPPED_INTAKE)]) == 0
    assert capsys.readouterr().out.startswith("2 form file(s) checked, no problems")


def test_forms_list_shows_id_version_status_and_file(capsys):
    assert main(["forms", "list"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.strip().splitlines()]
    assert ["exosome-joint-intake", "1.0", "active", "en,es"] in [row[:4] for row in rows]
    assert all(row[5].endswith(".yaml") for row in rows)


def test_forms_template_prints_every_item_with_type_options_and_requirement(capsys, intake_form):
    assert main(["forms", "template", "exosome-joint-intake"]) == 0
    skeleton = json.loads(capsys.readouterr().out)
    assert skeleton["form"] == "exosome-joint-intake" and skeleton["version"] == "1.0"
    assert set(skeleton["patient"]) == {"given_names", "family_name", "date_of_birth", "mrn"}
    # The question about the product's components is asked only when the clinic lists them.
    expected_ids = {ref.item.id for ref in intake_form.top_level_items()}
    assert set(skeleton["answers"]) == expected_ids - {"product_component_allergy"}
    guide = skeleton["guide"]["answers"]
    assert guide["pain_now"]["type"] == "scale" and guide["pain_now"]["required"] is True
    assert "female" in guide["sex_at_birth"]["options"]
    assert guide["prior_injections"]["row"]["injection_type"]["options"][0] == "steroid"
    assert guide["pregnant"]["section"] == "pregnancy"


def test_the_template_asks_about_the_products_components_the_clinic_lists(
    capsys, configured_clinic
):
    with configured_clinic.open("a", encoding="utf-8") as clinic:
        clinic.write('components = { en = "DMSO, gentamicin", es = "DMSO, gentamicina" }\n')
    assert main(["forms", "template", "exosome-joint-intake"]) == 0
    guide = json.loads(capsys.readouterr().out)["guide"]["answers"]
    assert "DMSO, gentamicin" in guide["product_component_allergy"]["text"]
    assert guide["product_component_allergy"]["required"] is True


def test_forms_template_in_spanish_uses_the_spanish_question(capsys):
    assert main(["forms", "template", "exosome-joint-intake", "--language", "es"]) == 0
    skeleton = json.loads(capsys.readouterr().out)
    assert skeleton["language"] == "es"
    assert "¿" in skeleton["guide"]["answers"]["blood_thinner"]["text"]


def test_forms_template_for_an_unknown_form_lists_the_known_ones(capsys):
    assert main(["forms", "template", "no-such-form"]) == 1
    assert "exosome-joint-intake" in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["desk"]], ids=["tablet", "desk"])
def test_without_a_display_the_app_says_so_in_one_line(tmp_path, command):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["INTAKE_DATA_DIR"] = str(tmp_path)
    result = run_cli(*command, env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("intake-app: no display found")


@pytest.mark.parametrize(
    ("environ", "has_problem"),
    [
        ({}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ],
)
def test_display_detection_on_linux(environ, has_problem):
    assert (display_problem(environ, "linux") is not None) == has_problem


def test_a_broken_clinic_file_is_one_clear_line(tmp_path, monkeypatch, capsys):
    clinic = tmp_path / "clinic.toml"
    clinic.write_text("[clinic]\nname = 'X'\n[product]\nprice_usd = 'lots'\n", encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(clinic))
    assert main(["forms", "list"]) == 1
    err = capsys.readouterr().err
    assert (
        err == f'intake-app: {clinic}: line 4: product.price_usd is "lots"; it must be a number\n'
    )
    assert "Traceback" not in err


def test_output_cut_short_by_a_pipe_is_not_an_error():
    # Like `intake-app forms template X | head`: the reader is gone before the output is written.
    process = subprocess.Popen(
        [sys.executable, "-m", "intake_app", "forms", "template", "exosome-joint-intake"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert err.decode() == ""
    assert process.returncode == 0


# --- packet --input from the template (the forms template and the packet agree) ----------


def filled_value(entry: dict):
    """A valid answer for one guide entry, picked mechanically."""
    kind = entry["type"]
    if "options" in entry:
        first = entry["options"][0]
        return [first] if kind in ("multiple_choice", "joint_side") else first
    if kind in ("number", "scale"):
        return entry.get("min", 1)
    if kind == "date":
        return "1970-01" if entry["format"] == "YYYY-MM" else "1970-01-01"
    if kind == "group":
        row = {cid: filled_value(child) for cid, child in entry["row"].items() if child["required"]}
        return [row] * max(entry["min_rows"], 1)
    return "Test"


def filled_template(skeleton: dict) -> dict:
    """Every required answer, the whole consent block and a drawn signature."""
    guide = skeleton.pop("guide")
    skeleton["patient"] = {
        "given_names": "Test", "family_name": "Test", "date_of_birth": "1970-01-01", "mrn": None,
    }  # fmt: skip
    for item_id, entry in guide["answers"].items():
        if entry["required"]:
            skeleton["answers"][item_id] = filled_value(entry)
    consent = guide["consent"]
    zigzag = [
        [{"x": 0.1 + 0.04 * i, "y": 0.1 + 0.1 * (i % 2), "t": 20 * i} for i in range(12)],
        [{"x": 0.6 + 0.02 * i, "y": 0.25, "t": 400 + 20 * i} for i in range(6)],
    ]
    skeleton["consent"] |= {
        "acknowledged": list(consent["sections"]),
        "comprehension": {q: entry["options"][0] for q, entry in consent["comprehension"].items()},
        "decision": "agree",
        "signed_name": "Test Test",
        "signature": zigzag,
        # Every yes/no is "yes": an interpreter is wanted and STOP flags fire, so the guide's
        # two holds are released by a named staff member.
        "released": {
            point: {"by": "Test Nurse"} for point in ("before_consent", "before_decision")
        },
    }
    return skeleton


def test_a_mechanically_filled_template_makes_a_chart_document(tmp_path, capsys, configured_clinic):
    assert main(["forms", "template", "exosome-joint-intake"]) == 0
    skeleton = json.loads(capsys.readouterr().out)
    assert set(skeleton["consent"]) == {
        *("acknowledged", "questions", "comprehension", "decision", "signed_name"),
        *("signature", "witness", "talked", "answers_after_talk", "released"),
    }
    source = tmp_path / "filled.json"
    source.write_text(json.dumps(filled_template(skeleton)), encoding="utf-8")

    assert main(["packet", "--input", str(source), "--out", str(tmp_path / "out")]) == 0, (
        capsys.readouterr().err
    )
    copy, pdf = sorted((tmp_path / "out").iterdir(), key=lambda p: "_COPY_" not in p.name)
    assert capsys.readouterr().out.strip() == str(pdf), "the chart document's path"
    assert pdf.name.startswith("TEST_TEST_1970-01-01_") and pdf.read_bytes().startswith(b"%PDF")
    assert "_COPY_" in copy.name and copy.read_bytes().startswith(b"%PDF")


def test_the_template_as_printed_is_refused_with_every_empty_field_named(tmp_path, capsys):
    assert main(["forms", "template", "exosome-joint-intake"]) == 0
    source = tmp_path / "empty.json"
    source.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["packet", "--input", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    for field in ("patient.given_names", "consent.acknowledged", "consent.decision",
                  "consent.comprehension.fda_approved", "consent.signed_name",
                  "consent.signature"):  # fmt: skip
        assert f"\n{field}: " in f"\n{err}", field
    assert not (tmp_path / "out").exists()


def test_an_unexpected_error_names_only_its_kind_never_its_message(monkeypatch, capsys):
    # An exception's text can carry answers (a failed insert, a bad value): stderr must not.
    from intake_app.commands import forms

    def fails(_args):
        raise ValueError("Ana Ruiz 1958-03-02 takes apixaban")

    monkeypatch.setattr(forms, "run", fails)
    assert main(["forms", "list"]) == 70
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("intake-app: unexpected error (ValueError).")
    for secret in ("Ana", "Ruiz", "1958", "apixaban"):
        assert secret not in captured.err


def test_a_form_with_a_date_that_does_not_exist_is_a_problem_line_not_a_crash(tmp_path):
    text = SHIPPED_INTAKE.read_text(encoding="utf-8")
    line = text[: text.index('version: "1.0"')].count("\n") + 1
    folder = tmp_path / "forms" / "questionnaires"
    folder.mkdir(parents=True)
    broken = folder / "intake.yaml"
    broken.write_text(text.replace('version: "1.0"', "version: 2024-02-30", 1), encoding="utf-8")
    env = os.environ | {
        "INTAKE_FORMS_DIR": str(tmp_path / "forms"),
        "INTAKE_DATA_DIR": str(tmp_path),
    }

    checked = run_cli("forms", "check", str(broken), env=env)
    listed = run_cli("forms", "list", env=env)

    assert checked.returncode == 1
    assert checked.stdout.startswith(f"{broken}:{line}: '2024-02-30' is written like a date")
    assert listed.returncode == 1
    assert listed.stderr.startswith(f"{broken}:{line}: '2024-02-30' is written like a date")
    for result in (checked, listed):
        assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr


def apt_packages(text: str, start: str, end: str) -> set[str]:
    """The words between ``start`` and ``end`` in a file, less comments and line breaks."""
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    block = text[text.index(start) + len(start) :]
    return set(block[: block.index(end)].replace("\\", " ").split())


def test_readme_ci_and_the_error_message_name_the_same_qt_libraries():
    # Staff copy the README's line; the app's hint and CI must not disagree with it.
    root = Path(__file__).resolve().parent.parent
    readme = apt_packages(
        (root / "README.md").read_text(encoding="utf-8"), "apt-get install", "\n\n"
    )
    ci = apt_packages((root / ".ci" / "run").read_text(encoding="utf-8"), "packages=(", ")")
    qt = set(QT_SYSTEM_PACKAGES.split())
    assert readme - qt == {"python3", "python3-venv", "libpulse0", "libcups2", "poppler-utils"}
    assert ci - qt == {
        "python3",
        "python3-venv",
        "python3-pip",
        "libpulse0",
        "libcups2",
        "postgresql",
        "poppler-utils",
    }
    assert qt <= readme and qt <= ci
    # What ldd found missing on a Debian 12 machine for PySide6's xcb and wayland plugins.
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libwayland-cursor0"} <= qt


def test_verify_on_a_machine_without_a_clinic_certificate_says_so_and_makes_no_key(
    tmp_path, capsys
):
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert main(["verify", str(pdf)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("intake-app: No clinic certificate is set up on this machine (")
    assert not (tmp_path / "data" / "keys").exists(), "checking never makes a key"


def test_an_unreachable_timestamp_authority_is_one_line_naming_it(tmp_path):
    from tests.services.test_pending_documents import unreachable_url

    url = unreachable_url()
    data = tmp_path / "data"
    data.mkdir(mode=0o700)  # as the app makes it (a wider one is tightened, with a warning)
    (data / "clinic.toml").write_text(
        f'[clinic]\nname = "Riverside"\n[seal]\ntimestamp_url = "{url}"\n', encoding="utf-8"
    )
    result = run_cli(
        "packet", "--sample", "--out", str(tmp_path / "out"),
        env=os.environ | {"INTAKE_DATA_DIR": str(data)},
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"intake-app: sealing failed: no timestamp from the timestamp authority at {url} "
        "(cannot connect)."
    )
    assert "documents make-missing" in result.stderr


def test_documents_make_missing_and_list_for_records_staff(tmp_path, monkeypatch, capsys):
    from intake_app.services import pending_documents
    from tests.services.test_pending_documents import sign_while_sealing_fails, write_clinic_file

    monkeypatch.setattr(pending_documents, "SETTLE_TIME", dt.timedelta(0))
    sign_while_sealing_fails(tmp_path)
    capsys.readouterr()
    assert main(["documents", "make-missing"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Made 0 missing document(s).\nNot made: chart document of intake ")
    assert ": TimestampUnavailable: no timestamp from the timestamp authority at" in out
    assert "Núñez" not in out and "NUNEZ" not in out

    write_clinic_file()  # the clinic removes the timestamp authority it cannot reach
    assert main(["documents", "make-missing"]) == 0
    assert capsys.readouterr().out == "Made 2 missing document(s).\n"  # the chart and the copy
    assert main(["documents", "list"]) == 0
    header, *rows = capsys.readouterr().out.strip().splitlines()
    assert header == "created\tdocument id\tkind\tfile\tfiled"
    listed = {row.split("\t")[2]: row.split("\t") for row in rows}
    assert sorted(listed) == ["chart_packet", "patient_copy"]
    created, document_id, _, name, filed = listed["chart_packet"]
    assert filed == "not filed"
    assert name == f"NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204816_{document_id}.pdf"
    assert created.startswith(dt.date.today().isoformat()[:4])
    _, copy_id, _, copy_name, _ = listed["patient_copy"]
    assert copy_name == f"NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204816_COPY_{copy_id}.pdf"


def test_make_missing_leaves_an_intake_signed_moments_ago_and_says_so(tmp_path, capsys):
    from tests.services.test_pending_documents import sign_while_sealing_fails, write_clinic_file

    sign_while_sealing_fails(tmp_path)
    write_clinic_file()
    capsys.readouterr()
    assert main(["documents", "make-missing"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Made 0 missing document(s).",
        "Left for now: 1 signed in the last 2 minutes (the tablet may still be making them); "
        "run this again later.",
    ]


def test_verify_compares_the_file_with_its_database_record(tmp_path, capsys):
    import sqlite3

    from intake_app.settings import load_settings

    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    pdf = capsys.readouterr().out.strip()
    assert main(["verify", pdf]) == 0
    out = capsys.readouterr().out
    assert "Database record: SHA-256 matches" in out and "VALID: intact" in out
    database = load_settings().data_dir / "intake.sqlite3"
    with sqlite3.connect(database) as connection:  # someone with the database's keys...
        connection.execute("DROP TRIGGER document_kept")  # ...goes around the app's rules
        connection.execute("UPDATE document SET sha256 = ?", ("0" * 64,))
    assert main(["verify", pdf]) == 1
    out = capsys.readouterr().out
    assert "Database record: SHA-256 DIFFERS from the filed document" in out
    assert "INVALID: the file differs from the document the app filed" in out


def test_packet_says_when_the_clinic_details_are_not_filled_in(tmp_path, capsys):
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "the clinic's name and address are not filled in" in err
    assert (tmp_path / "data" / "clinic.toml").exists(), "a commented file to fill in"
    (tmp_path / "data" / "clinic.toml").write_text('[clinic]\nname = "Riverside"\n')
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    assert "not filled in" not in capsys.readouterr().err
