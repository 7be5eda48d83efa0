"""``intake-app audit verify`` names the first event changed around the app, and the sealed
documents a consistent rewrite of the whole trail contradicts; ``audit show`` tells an
intake's history in plain words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import col, select

from intake_app.chart.anchor import AuditAnchor
from intake_app.chart.verify import read_anchor
from intake_app.cli import main
from intake_app.commands.audit_words import event_line, what
from intake_app.kiosk.sample import SAMPLE_PATIENT
from intake_app.settings import load_settings
from intake_app.storage.audit import chain_head
from intake_app.storage.db import Database
from intake_app.storage.guards import AUDIT_EVENT_KEPT
from intake_app.storage.tables import AuditEvent, Document
from tests.storage.test_audit_chain import drop_audit_triggers, rewrite_consistently, swap, tamper
from tests.storage.test_intakes import answer, begin


@pytest.fixture
def database(tmp_path, capsys):
    """The clinic's database after a real signed intake: its chart document and copy sealed."""
    assert main(["packet", "--sample", "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    database = Database(load_settings().database_url)
    yield database
    database.dispose()


def documents(database) -> list[Document]:
    with database.session() as session:
        return list(session.exec(select(Document).order_by(col(Document.created_at))))


def verify(capsys) -> tuple[int, list[str]]:
    status = main(["audit", "verify"])
    return status, capsys.readouterr().out.splitlines()


def test_an_untouched_trail_is_intact_with_its_count_and_head(database, capsys):
    with database.session() as session:
        head = chain_head(session)
    status, lines = verify(capsys)
    assert status == 0
    assert lines == [
        f"Audit trail: intact, {head.sequence} event(s); "
        f"head: event {head.sequence}, sha256 {head.sha256}",
        "Documents: 2 checked; each holds a head the audit trail still has.",
    ]


def test_each_sealed_document_carries_the_head_in_its_file_and_its_record(database):
    with database.session() as session:
        query = select(AuditEvent).where(AuditEvent.action == "chart_document_made")
        made = session.exec(query).one()
        before = session.exec(select(AuditEvent).where(AuditEvent.sequence == made.sequence - 1))
        expected = AuditAnchor(made.sequence - 1, before.one().content_sha256)
    for document in documents(database):
        assert read_anchor(Path(document.path).read_bytes()) == expected, document.kind
        assert AuditAnchor(document.audit_sequence, document.audit_sha256) == expected


def test_sqlite_refuses_to_change_an_event_around_the_app(database, capsys):
    with (
        database.engine.connect() as connection,
        pytest.raises(DatabaseError, match=re.escape(AUDIT_EVENT_KEPT)),
    ):
        connection.execute(text("UPDATE audit_event SET detail = NULL WHERE sequence = 14"))
    assert verify(capsys)[0] == 0


@pytest.mark.parametrize(
    ("statements", "line"),
    [
        (["UPDATE audit_event SET detail = '{\"new\": 9}' WHERE sequence = 14"],
         "Audit trail: NOT INTACT: event 14 was altered: its content no longer matches its hash"),
        (["DELETE FROM audit_event WHERE sequence = 20"],
         "Audit trail: NOT INTACT: event 20 is missing: the chain goes from event 19 to 21"),
        ([], "Audit trail: NOT INTACT: event 12 is out of place: it was recorded as event 30 "
             "(events were inserted, removed or reordered)"),
    ],
    ids=["edited", "deleted", "swapped"],
)  # fmt: skip
def test_an_event_changed_around_the_app_is_named_by_its_number(database, capsys, statements, line):
    drop_audit_triggers(database.engine)  # as the database's owner could
    tamper(database.engine, *statements) if statements else swap(database.engine, 12, 30)
    status, lines = verify(capsys)
    assert status == 1
    assert lines[0] == line
    assert SAMPLE_PATIENT.family_name not in lines[0]


def test_a_consistent_rewrite_of_the_whole_trail_is_named_by_the_sealed_documents(database, capsys):
    drop_audit_triggers(database.engine)

    def pain_was_two(event: AuditEvent) -> None:
        if event.item_id == "pain_now":
            event.detail = {"new": 2}

    rewrite_consistently(database, pain_was_two)
    status, lines = verify(capsys)
    assert status == 1
    assert lines[0].startswith("Audit trail: intact, "), "the chain alone holds together"
    sealed = documents(database)
    assert lines[1:] == [
        *(
            f"Document {d.id} ({Path(d.path).name}): sealed with audit event {d.audit_sequence}, "
            f"but the audit trail's event {d.audit_sequence} is not the one it was sealed with "
            "(another hash): the trail was rewritten"
            for d in sealed
        ),
        "Documents: 2 checked; 2 contradict the audit trail or are missing.",
    ]


def test_a_document_whose_sealed_head_was_edited_to_match_is_refused_by_its_seal(database, capsys):
    chart = Path(documents(database)[0].path)
    data = chart.read_bytes()
    sealed = re.search(rb"audit-head:\d+:([0-9a-f]{64})", data)
    assert sealed is not None
    chart.write_bytes(data.replace(sealed.group(1), b"0" * 64))
    status, lines = verify(capsys)
    assert status == 1
    assert lines[1].startswith(f"Document {documents(database)[0].id} ({chart.name}): its seal")


def test_a_document_whose_file_is_missing_is_named(database, capsys):
    chart = documents(database)[0]
    Path(chart.path).unlink()
    status, lines = verify(capsys)
    assert status == 1
    assert f"Document {chart.id} ({Path(chart.path).name}): the file is missing" in lines


def test_without_a_database_there_is_nothing_to_check(capsys):
    assert main(["audit", "verify"]) == 2
    assert "no intake database" in capsys.readouterr().err
    assert not Path(load_settings().database_url.removeprefix("sqlite:///")).exists()


# --- show ------------------------------------------------------------------------------------


def test_show_tells_an_intakes_history_oldest_first_in_plain_words(database, capsys):
    [chart, copy] = documents(database)
    assert main(["audit", "show", "--intake", chart.intake_id]) == 0
    lines = capsys.readouterr().out.splitlines()
    what = [re.sub(r"^\S+ \S+ \S+  ", "", line) for line in lines]
    station = f" on {load_settings().device_id()} "  # the machine that ran the import
    assert what[0] == f"system{station} started the intake (language en)"
    assert f"import{station} answered pain_now: 6" in what
    assert f"patient{station} signed the consent: agreed" in what
    assert what[-2:] == [
        f"system{station} made the chart document {chart.id}",
        f"system{station} made the patient's copy {copy.id}",
    ]


def test_show_gives_a_changed_answer_with_its_old_and_new_value(mini_form, capsys):
    database = Database(load_settings().database_url)
    intake = begin(database, mini_form)
    answer(database, mini_form, intake, "pain_now", 6)
    answer(database, mini_form, intake, "pain_now", 7)
    answer(database, mini_form, intake, "name", "Ana")
    answer(database, mini_form, intake, "pain_now", None)
    database.dispose()
    assert main(["audit", "show", "--intake", intake.id]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ", 1)[1] for line in lines[1:]] == [
        "patient  answered pain_now: 6",
        "patient  changed pain_now: 6 -> 7",
        'patient  answered name: "Ana"',
        "patient  removed the answer to pain_now: 7",
    ]


def test_show_of_an_unknown_intake_says_so(database, capsys):
    assert main(["audit", "show", "--intake", "nope"]) == 1
    assert "no audit events for intake 'nope'" in capsys.readouterr().err


def test_show_writes_what_could_steer_the_terminal_as_escapes():
    event = AuditEvent(sequence=1, actor="staff:\x1b]0;x\x07", action="answer_changed",
                       item_id="story\u2028", detail={"old": "a\x9b31m", "new": "b\u202e"},
                       previous_sha256="", content_sha256="")  # fmt: skip
    assert what(event) == 'changed story\\u2028: "a\\u009b31m" -> "b\\u202e"'
    assert event_line(event).split("  ")[1] == "staff:\\u001b]0;x\\u0007"


@pytest.mark.parametrize(
    ("action", "copies", "said"),
    [
        ("document_printed", 1, "printed 1 copy of the patient copy D-7 on front_desk"),
        ("document_printed", 2, "printed 2 copies of the patient copy D-7 on front_desk"),
        (
            "document_not_printed",
            1,
            "tried to print 1 copy of the patient copy D-7 on front_desk: the printer refused it",
        ),
    ],
)
def test_show_says_what_was_printed_where(action, copies, said):
    detail = {"document": "D-7", "kind": "patient_copy", "copies": copies, "printer": "front_desk"}
    event = AuditEvent(sequence=1, actor="patient", action=action, detail=detail,
                       previous_sha256="", content_sha256="")  # fmt: skip
    assert what(event) == said


def test_show_names_the_settings_that_changed():
    first = {"changed": {"clinic.name": {}, "staff.idle_logout_minutes": {}},
             "previous_record": None, "noticed": "at start-up"}  # fmt: skip
    later = {"changed": {"staff.idle_logout_minutes": {"old": 10, "new": 15}}, "previous_record": 4}
    on_the_page = later | {"by": "Alex Admin", "via": "the clinic settings page"}
    events = [
        AuditEvent(
            sequence=n,
            actor="system",
            action="settings_changed",
            detail=detail,
            previous_sha256="",
            content_sha256="",
        )
        for n, detail in enumerate((first, later, on_the_page), start=5)
    ]
    assert [what(event) for event in events] == [
        "clinic settings recorded for the first time (noticed at start-up): 2 settings",
        "clinic settings changed: staff.idle_logout_minutes",
        "clinic settings changed (by Alex Admin on the clinic settings page): "
        "staff.idle_logout_minutes",
    ]


def test_show_tells_the_review_in_plain_words():
    steps = [
        ("intake_viewed", None),
        ("flag_acknowledged", {"severity": "stop", "rule": "active_infection", "note": "Fine."}),
        ("review_signed", {"meaning": "Reviewed by Rosa Díaz: not eligible", "supersedes": None}),
        ("review_signed", {"meaning": "Reviewed by Dr Ito: cleared", "supersedes": "R1"}),
    ]
    events = [
        AuditEvent(
            sequence=n,
            actor="staff:1",
            action=action,
            detail=detail,
            previous_sha256="",
            content_sha256="",
        )
        for n, (action, detail) in enumerate(steps, start=1)
    ]
    assert [what(event) for event in events] == [
        "opened the intake",
        'acknowledged the STOP flag active_infection: "Fine."',
        "signed the review: Reviewed by Rosa Díaz: not eligible",
        "signed a correction of the review: Reviewed by Dr Ito: cleared",
    ]


@pytest.mark.parametrize(
    ("action", "said"),
    [
        ("document_filed", "filed the chart packet D-7 into /mnt/charts"),
        ("document_refiled", "filed again the chart packet D-7 into /mnt/charts"),
    ],
)
def test_show_says_what_was_filed_where(action, said):
    detail = {"document": "D-7", "kind": "chart_packet", "folder": "/mnt/charts", "copy": "made"}
    event = AuditEvent(sequence=1, actor="staff:S-1", action=action, detail=detail,
                       previous_sha256="", content_sha256="")  # fmt: skip
    assert what(event) == said
