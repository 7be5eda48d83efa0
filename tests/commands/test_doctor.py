"""``intake-app doctor`` prints a block per finding, problems first, each with what to do,
then a summary line; it exits 0 on a healthy installation (warnings alone included) and 1
when anything is wrong, and never prints a traceback or a database password."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from intake_app.cli import main
from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.services.doctor_checks import documents as document_checks
from intake_app.settings import load_settings
from tests.chart.test_seal import make_pkcs12
from tests.services.test_doctor import (  # noqa: F401  (the sample installation)
    installation,
    pristine_installation,
)


@pytest.fixture
def installed(installation):  # noqa: F811
    """A sample visit signed and sealed into the data folder (SQLite)."""
    return installation


SUMMARY = re.compile(r"doctor: (\d+) problem\(s\), (\d+) warning\(s\), (\d+) ok: (.*)\.")


def doctor(capsys) -> tuple[int, str, str]:
    status = main(["doctor"])
    out, err = capsys.readouterr()
    return status, out, err


def blocks(out: str) -> list[list[str]]:
    """The printed findings, each as its lines (the summary left out)."""
    found: list[list[str]] = []
    for line in out.splitlines():
        if re.match(r"(PROBLEM|WARNING|OK) ", line):
            found.append([line])
        elif line.startswith("  "):
            found[-1].append(line)
    return found


def summary(out: str) -> tuple[int, int, int, str]:
    match = SUMMARY.fullmatch(out.rstrip().splitlines()[-1])
    assert match, out
    problems, warnings, fine, verdict = match.groups()
    return int(problems), int(warnings), int(fine), verdict


def test_a_healthy_installation_exits_0_with_every_check_ok(installed, capsys):
    status, out, err = doctor(capsys)

    assert status == 0, out
    assert summary(out)[0] == 0 and summary(out)[3] == "no problem found"
    headings = [block[0] for block in blocks(out)]
    assert "OK       Documents" in headings and "OK       Audit trail" in headings
    assert not any(heading.startswith("PROBLEM") for heading in headings)
    assert err == ""


def test_each_problem_is_a_block_with_what_to_do_before_what_is_ok(installed, capsys):
    chart = next(d for d in installed.documents() if d.kind == "chart_packet")
    Path(chart.path).unlink()
    key = installed.settings.keys_dir / "clinic-seal-key.pem"
    os.chmod(key, 0o644)

    status, out, _ = doctor(capsys)

    assert status == 1
    printed = blocks(out)
    assert printed[:2] == [
        [
            "PROBLEM  Document",
            f"  Document {chart.id} ({Path(chart.path).name}): the file is missing from "
            f"{Path(chart.path).parent}.",
            printed[0][2],
        ],
        [
            "PROBLEM  Permissions",
            f"  {key} (the clinic's private seal key) can be opened by anyone on this "
            "computer (permissions 644).",
            f"  To do: Make it its owner's only: chmod 600 {key}",
        ],
    ]
    assert printed[0][2].startswith(f"  To do: Copy documents/{chart.id}.pdf of the latest backup")
    assert printed[-1][0].startswith("OK ")
    assert summary(out)[:1] == (2,) and summary(out)[3] == "fix the problems above"
    assert SAMPLE_PATIENT.family_name not in out


def test_a_changed_byte_and_an_orphaned_file_are_found(installed, capsys):
    chart = next(d for d in installed.documents() if d.kind == "chart_packet")
    path = Path(chart.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    (path.parent / "copy of a consent.pdf").write_bytes(path.read_bytes())

    status, out, _ = doctor(capsys)

    assert status == 1
    problems = [block for block in blocks(out) if block[0].startswith("PROBLEM")]
    assert [block[0] for block in problems] == ["PROBLEM  Document", "PROBLEM  Documents folder"]
    assert problems[0][1].startswith(f"  Document {chart.id} ({path.name}): Seal INVALID: ")
    assert problems[1][1] == (
        f"  copy of a consent.pdf is in {path.parent}, but no document on file points to it."
    )


def test_an_edited_audit_row_is_found(installed, capsys):
    from tests.storage.test_audit_chain import drop_audit_triggers, tamper

    drop_audit_triggers(installed.database.engine)  # as the database's owner could
    tamper(installed.database.engine, "UPDATE audit_event SET actor = 'x' WHERE sequence = 5")

    status, out, _ = doctor(capsys)

    assert status == 1
    assert blocks(out)[0][:2] == [
        "PROBLEM  Audit trail",
        "  The audit trail is not intact: event 5 was altered: its content no longer "
        "matches its hash.",
    ]


def test_a_seal_certificate_expiring_within_30_days_is_a_warning_only(
    configured_clinic, tmp_path, monkeypatch, capsys
):
    bundle = tmp_path / "clinic.p12"
    make_pkcs12(bundle, b"s3cret")  # valid for 30 days from now
    os.chmod(bundle, 0o600)
    with configured_clinic.open("a", encoding="utf-8") as clinic:
        clinic.write(f'\n[seal]\npkcs12_file = "{bundle}"\n')
    monkeypatch.setenv("INTAKE_SEAL_PASSWORD", "s3cret")
    documents = load_settings().documents_dir
    assert main(["packet", "--sample", "--out", str(documents)]) == 0
    capsys.readouterr()

    status, out, _ = doctor(capsys)

    assert status == 0, out
    [certificate] = [block for block in blocks(out) if block[0].endswith("Seal certificate")]
    assert certificate[0] == "WARNING  Seal certificate"
    assert re.fullmatch(
        rf"  The seal certificate \({re.escape(str(bundle))}\) expires on \d{{4}}-\d\d-\d\d, "
        r"in 29 day\(s\)\.",
        certificate[1],
    )
    assert certificate[2].startswith("  To do: Ask the certificate's issuer for a renewed ")


def test_a_database_server_that_does_not_answer_is_named_without_its_password(
    installed, monkeypatch, capsys
):
    monkeypatch.setenv(
        "INTAKE_DATABASE_URL", "postgresql+psycopg://intake:pw-never-shown@127.0.0.1:1/intake"
    )

    status, out, err = doctor(capsys)

    assert status == 1
    assert blocks(out)[0][0] == "PROBLEM  Database"
    assert "postgresql+psycopg://intake:***@127.0.0.1:1/intake" in blocks(out)[0][1]
    assert "pw-never-shown" not in out + err
    assert "Traceback" not in err


def test_a_machine_with_no_database_says_so_and_makes_none(capsys):
    database = load_settings().data_dir / "intake.sqlite3"

    status, out, _ = doctor(capsys)

    assert status == 1
    assert [f"  There is no database file: {database} does not exist."] == [
        block[1] for block in blocks(out) if block[0] == "PROBLEM  Database"
    ]
    assert not database.exists()


def test_long_runs_report_their_progress_on_standard_error(installed, monkeypatch, capsys):
    monkeypatch.setattr(document_checks, "PROGRESS_EVERY", 1)

    status, _, err = doctor(capsys)

    assert status == 0
    assert err.splitlines() == [
        "doctor: 1 of 2 documents checked",
        "doctor: 2 of 2 documents checked",
    ]


@pytest.fixture(autouse=True)
def _no_seal_password(monkeypatch) -> None:
    monkeypatch.delenv("INTAKE_SEAL_PASSWORD", raising=False)
