"""Filing into the chart folder: safe names, marked filed, never over another file, a
changed or broken document refused, a failure on one file leaving every other right."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import functools
import os
from pathlib import Path

import pytest
from sqlmodel import col, select

from intake_app.chart.ink import render_png, sample_strokes
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS, SAMPLE_PATIENT
from intake_app.paths import shipped_forms_dir
from intake_app.services.actor import Actor
from intake_app.services.chart_filing import (
    AlreadyFiled,
    ChartFiling,
    ChartFolderNotSet,
    DocumentSearch,
    FilingConflict,
    NotFileable,
)
from intake_app.services.consenting import Signature
from intake_app.services.documents import Documents
from intake_app.services.permissions import NotPermitted
from intake_app.services.visit_import import Signed, Visit, import_visit
from intake_app.settings import Settings, load_settings
from intake_app.staff.rules import Role
from intake_app.storage.db import Database, utc_now
from intake_app.storage.tables import AuditEvent, Document
from tests.conftest import TODAY
from tests.services.people_on_file import on_file
from tests.services.test_pending_documents import write_clinic_file
from tests.storage.conftest import database  # noqa: F401  (SQLite, and PostgreSQL when set)

CATALOG = functools.cache(lambda: FormCatalog.from_folder(shipped_forms_dir()))
NOON = dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC)
PATIENTS = {  # (given names, family name, MRN)
    "arabic": ("فاطمة", "الحسيني", "MRN-1"),
    "vietnamese": ("Thị Minh Khai", "Nguyễn", "MRN-2"),
    "traversal": ("passwd", "../../etc", ""),
}


def sign_visit(db: Database, settings: Settings, who: tuple[str, str, str],
               decision: str = "agree") -> str:  # fmt: skip
    """A visit signed (or refused) and its documents made; the chart document's id."""
    given, family, mrn = who
    patient = dataclasses.replace(SAMPLE_PATIENT, given_names=given, family_name=family, mrn=mrn)
    strokes = sample_strokes()
    signature = Signature(f"{given} {family}", strokes, render_png(strokes), utc_now(), "UTC")
    answers = dict(SAMPLE_ANSWERS)
    visit = Visit(
        patient, CATALOG().get("exosome-joint-intake"), "en", answers, CATALOG().consent()
    )
    console = Actor.console("station-1")
    intake_id = import_visit(db, visit, replay=lambda _p, _s: [],
                             signed=Signed(decision, signature, None),
                             clinic=settings.clinic, today=TODAY, by=console)  # fmt: skip
    made = Documents(db, settings, CATALOG(), console).for_signing(intake_id, today=TODAY)
    return made.chart.id


@dataclasses.dataclass
class FilingClinic:
    """Three patients' signed chart documents, a records clerk on file, a chart folder."""

    db: Database
    settings: Settings
    ids: dict[str, str]  # the chart documents by key of PATIENTS
    clerk: Actor
    folder: Path


@pytest.fixture
def clinic(database, tmp_path) -> FilingClinic:  # noqa: F811
    write_clinic_file()
    folder = tmp_path / "charts"
    folder.mkdir()
    settings = load_settings()
    ids = {key: sign_visit(database, settings, who) for key, who in PATIENTS.items()}
    return FilingClinic(database, settings, ids, on_file(database, "records"), folder)


def filing_for(clinic: FilingClinic, by: Actor | None = None) -> ChartFiling:
    return ChartFiling(
        clinic.db, by or clinic.clerk, clinic.settings, lambda: NOON, folder=clinic.folder
    )


def rows(db: Database) -> dict[str, Document]:
    with db.session() as session:
        return {row.id: row for row in session.exec(select(Document))}


def actions(db: Database) -> list[tuple[str, dict]]:
    with db.session() as session:
        query = select(AuditEvent).where(col(AuditEvent.action).like("document_%filed"))
        return [
            (e.action, e.detail) for e in session.exec(query.order_by(col(AuditEvent.sequence)))
        ]


def test_a_batch_is_filed_under_safe_names_and_marked_filed_by_the_clerk(clinic):
    seen: list[tuple[int, int, str]] = []

    results = filing_for(clinic).file_many(
        clinic.ids.values(), lambda done, total, name: seen.append((done, total, name)) or True
    )

    assert [result.problem for result in results] == [None, None, None]
    names = sorted(path.name for path in clinic.folder.iterdir())
    assert names == sorted(result.name for result in results)
    assert [(done, total) for done, total, _ in seen] == [(1, 3), (2, 3), (3, 3)]
    by_patient = {key: results[n].name for n, key in enumerate(clinic.ids)}
    assert by_patient["arabic"].startswith("MRN-1_الحسيني_فاطمة_1961-07-14_CONSENT_")
    assert by_patient["vietnamese"].startswith("MRN-2_NGUYEN_THI-MINH-KHAI_1961-07-14_CONSENT_")
    assert by_patient["traversal"].startswith("NOMRN_ETC_PASSWD_1961-07-14_CONSENT_")
    stored = rows(clinic.db)
    for key, document_id in clinic.ids.items():
        assert by_patient[key].endswith(f"_{document_id}.pdf")
        assert (clinic.folder / by_patient[key]).read_bytes() == Path(
            stored[document_id].path
        ).read_bytes()
        assert (stored[document_id].filed_at, stored[document_id].filed_by) == (
            NOON,
            clinic.clerk.staff_id,
        )
    assert [action for action, _ in actions(clinic.db)] == ["document_filed"] * 3
    assert not [p for p in clinic.folder.iterdir() if p.name.startswith(".")], (
        "no temporary file left"
    )


def test_the_list_holds_chart_documents_not_patient_copies_and_finds_by_name_birth_or_mrn(clinic):
    filing = filing_for(clinic)

    listed = filing.unfiled()

    assert sorted(row.document_id for row in listed) == sorted(clinic.ids.values())
    assert {row.kind_words for row in listed} == {"signed consent"}
    assert [row.created_at for row in listed] == sorted(
        (r.created_at for r in listed), reverse=True
    )
    found = {text: [row.document_id for row in filing.unfiled(DocumentSearch(text))]
             for text in ("nguyen thi", "NGUYỄN", "mrn-1", "7/14/1961", "nobody")}  # fmt: skip
    assert found["nguyen thi"] == found["NGUYỄN"] == [clinic.ids["vietnamese"]]
    assert found["mrn-1"] == [clinic.ids["arabic"]]
    assert sorted(found["7/14/1961"]) == sorted(clinic.ids.values()) and found["nobody"] == []
    assert filing.unfiled(DocumentSearch(made_to=TODAY - dt.timedelta(days=400))) == []
    assert filing.unfiled(DocumentSearch(doctypes=frozenset({"REFUSAL"}))) == []

    filing.file(clinic.ids["arabic"])

    assert clinic.ids["arabic"] not in [row.document_id for row in filing.unfiled()]
    [again] = filing.unfiled(DocumentSearch("mrn-1"), include_filed=True)
    assert (again.filed_at, again.filed_by) == (NOON, "Lee Park")


def test_a_refusal_is_filed_as_a_refusal(clinic):
    refused = sign_visit(clinic.db, clinic.settings, ("Ana", "Ruiz", "MRN-9"), "refuse")

    [row] = filing_for(clinic).unfiled(DocumentSearch(doctypes=frozenset({"REFUSAL"})))
    filed = filing_for(clinic).file(refused)

    assert (row.document_id, row.kind_words) == (refused, "refusal")
    assert filed.name.startswith("MRN-9_RUIZ_ANA_1961-07-14_REFUSAL_")


def test_a_patients_copy_is_not_filed(clinic):
    [copy] = [row for row in rows(clinic.db).values() if row.kind == "patient_copy"][:1]

    with pytest.raises(NotFileable, match="patient's copy is the patient's own"):
        filing_for(clinic).file(copy.id)


def test_a_second_filing_is_refused_unless_asked_for_and_then_audited_as_refiling(clinic):
    filing = filing_for(clinic)
    first = filing.file(clinic.ids["arabic"])

    with pytest.raises(AlreadyFiled, match="already filed on "):
        filing.file(clinic.ids["arabic"])
    again = filing.file(clinic.ids["arabic"], refile=True)

    assert (first.refiled, again.refiled, again.copied) == (False, True, False)
    assert [p.name for p in clinic.folder.iterdir()] == [first.name]
    assert [(a, d["copy"]) for a, d in actions(clinic.db)] == [
        ("document_filed", "made"),
        ("document_refiled", "already there"),
    ]


def test_an_identical_file_already_there_is_fine_but_a_different_one_is_a_conflict(clinic):
    filing = filing_for(clinic)
    name = filing.file(clinic.ids["arabic"]).name
    [other] = filing.unfiled(DocumentSearch("mrn-2"))
    (clinic.folder / "keep.pdf").write_bytes(b"")
    clash = clinic.folder / filing._named(other.document_id)[1]
    clash.write_bytes(b"%PDF-1.7 somebody else's file")

    with pytest.raises(FilingConflict) as raised:
        filing.file(other.document_id)

    assert raised.value.name == clash.name
    assert "another file of this name, with other contents" in raised.value.reason
    assert clash.read_bytes() == b"%PDF-1.7 somebody else's file", "never overwritten"
    assert rows(clinic.db)[other.document_id].filed_at is None
    assert (clinic.folder / name).is_file()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda path: path.write_bytes(path.read_bytes() + b"\n% added\n"),
         "the file differs from the one the app made"),
        (lambda path: path.unlink(), "the file is missing"),
    ],
    ids=["changed", "missing"],
)  # fmt: skip
def test_a_tampered_or_missing_document_is_refused_and_not_marked(clinic, change, said):
    change(Path(rows(clinic.db)[clinic.ids["arabic"]].path))

    with pytest.raises(NotFileable) as raised:
        filing_for(clinic).file(clinic.ids["arabic"])

    assert raised.value.reason.startswith(said)
    assert raised.value.reason.endswith("an administrator must look at it before it can be filed")
    assert (
        list(clinic.folder.iterdir()) == []
        and rows(clinic.db)[clinic.ids["arabic"]].filed_at is None
    )
    assert filing_for(clinic).check(clinic.ids["arabic"]).state in ("invalid", "missing")


def test_a_document_whose_seal_does_not_verify_is_refused(clinic, monkeypatch):
    from intake_app.chart.verify import Verdict
    from intake_app.services import seal_status

    broken = Verdict(valid=False, reason="the signature does not match the document")
    monkeypatch.setattr(seal_status, "verify_pdf", lambda _data, _certificate: broken)

    with pytest.raises(NotFileable, match="the seal does not verify"):
        filing_for(clinic).file(clinic.ids["arabic"])
    assert list(clinic.folder.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ENOSPC, "the disk of the chart folder is full"),
        (
            errno.EACCES,
            "permission denied: this computer's user may not write in the chart folder",
        ),
        (errno.EROFS, "the chart folder is on a read-only disk"),
    ],
)
def test_a_write_that_fails_on_one_file_names_it_and_leaves_the_rest_right(
    clinic, monkeypatch, code, said
):
    filing = filing_for(clinic)
    failing = filing._named(clinic.ids["vietnamese"])[1]
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        """The disk refuses the written bytes of that one document's copy."""
        if clinic.ids["vietnamese"] in os.readlink(f"/proc/self/fd/{descriptor}"):
            raise OSError(code, os.strerror(code))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)

    results = filing.file_many(clinic.ids.values(), lambda *_: True)

    assert [(r.name, r.problem) for r in results if not r.ok] == [(failing, said)]
    stored = rows(clinic.db)
    assert stored[clinic.ids["vietnamese"]].filed_at is None
    assert [stored[clinic.ids[k]].filed_at for k in ("arabic", "traversal")] == [NOON, NOON]
    placed = sorted(p.name for p in clinic.folder.iterdir())
    assert placed == sorted(r.name for r in results if r.ok), "no temporary or partial file"


def test_a_chart_folder_that_is_missing_or_a_file_fails_every_document_and_marks_none(clinic):
    clinic.folder.rmdir()
    missing = filing_for(clinic).file_many(clinic.ids.values(), lambda *_: True)
    clinic.folder.write_bytes(b"not a folder")
    a_file = filing_for(clinic).file_many(clinic.ids.values(), lambda *_: True)

    assert {r.problem for r in missing} == {
        f"the chart folder {clinic.folder} does not exist (is the network drive connected?)"
    }
    assert {r.problem for r in a_file} == {f"the chart folder {clinic.folder} is not a folder"}
    assert all(row.filed_at is None for row in rows(clinic.db).values())
    assert actions(clinic.db) == []


def test_a_cancelled_batch_stops_after_the_document_in_hand(clinic):

    results = filing_for(clinic).file_many(
        clinic.ids.values(), lambda done, _total, _name: done < 2
    )

    assert len(results) == 2 and len(list(clinic.folder.iterdir())) == 2


def test_without_a_chart_folder_filing_says_how_to_set_one_up(clinic):
    filing = ChartFiling(clinic.db, clinic.clerk, clinic.settings)

    with pytest.raises(ChartFolderNotSet, match=r"set \[documents\] chart_folder"):
        filing.file(clinic.ids["arabic"])


@pytest.mark.parametrize("role", [Role.NURSE, Role.CLINICIAN, Role.ADMIN])
def test_only_records_staff_and_the_command_line_may_file(clinic, role):
    someone = Actor.staff("S-x", "Sam Lee", frozenset({role}), "station-1")

    for act in (lambda f: f.unfiled(), lambda f: f.file(clinic.ids["arabic"]),
                lambda f: f.check(clinic.ids["arabic"])):  # fmt: skip
        with pytest.raises(NotPermitted, match="may not file a document"):
            act(filing_for(clinic, someone))
    filed = filing_for(clinic, Actor.console("station-1")).file(clinic.ids["arabic"])

    assert filed.path.is_file() and rows(clinic.db)[clinic.ids["arabic"]].filed_by is None
    assert actions(clinic.db)[0][1]["via"] == "command line"
