"""The stored records: patients, intakes and their answers, flags, consents,
documents, staff and the audit trail.

Ids are random UUIDs so that several tablets can write to one PostgreSQL
database without clashing. Every timestamp is timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    CheckConstraint,
    Column,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlmodel import Field, SQLModel

from intake_app.storage.db import UTCDateTime, utc_now


def new_id() -> str:
    return uuid.uuid4().hex


def _optional_time() -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=True)


def _created(*, index: bool = False) -> Any:
    return Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False, index=index)


def _json(*, nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))


def user_name_key(user_name: str) -> str:
    """A staff user name as compared: trimmed and case folded in any script ("Ana " and
    "ANA" are one user name)."""
    return unicodedata.normalize("NFKC", user_name).strip().casefold()


class StaffUser(SQLModel, table=True):
    """A person on the staff, with their own account (see ``intake_app.staff``).

    Never deleted (their name stays on what they did): deactivated instead.
    """

    __tablename__ = "staff_user"

    id: str = Field(default_factory=new_id, primary_key=True)
    username: str = Field(index=True, unique=True)  # as typed, trimmed
    # user_name_key(username), set on every save: unique, so two stations adding "Ana"
    # and "ana" at the same moment cannot make two accounts of one user name.
    username_key: str = Field(default="", unique=True)
    display_name: str
    roles: Any = _json()  # a list: nurse | clinician | records | admin
    # Argon2id hashes of the password and the tablet PIN (None: no PIN), never shown.
    password_hash: str = Field(repr=False)
    pin_hash: str | None = Field(default=None, repr=False)
    active: bool = True
    # Wrong passwords or PINs in a row, and the end of a lock-out, shared by every station.
    failed_tries: int = 0
    locked_until: dt.datetime | None = _optional_time()
    created_at: dt.datetime = _created()


class StaffKept(RuntimeError):
    """A staff account was about to be deleted: accounts are deactivated, never deleted."""


@event.listens_for(StaffUser, "before_insert")
@event.listens_for(StaffUser, "before_update")
def _set_user_name_key(_mapper: Any, _connection: Any, person: StaffUser) -> None:
    person.username_key = user_name_key(person.username)


@event.listens_for(StaffUser, "before_delete")
def _keep_staff(_mapper: Any, _connection: Any, person: StaffUser) -> None:
    raise StaffKept(f"staff account {person.id} cannot be deleted; deactivate it instead")


def mrn_key(mrn: str | None) -> str | None:
    """The MRN as compared: trimmed and case folded in any script (" ABC-1" and "abc-1"
    are one MRN); None when blank, so any number of patients can have no MRN."""
    key = unicodedata.normalize("NFKC", mrn or "").strip().casefold()
    return key or None


def plain_name(text: str) -> str:
    """A name for comparing: no accents, case folded, single spaces ("Núñez " -> "nunez")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def search_key(text: str) -> str:
    """How a name is searched (the tablet's staff search, the nurse's queue, the records
    list): letters, digits and spaces of a plain name ("O'Brien-Núñez" -> "obriennunez")."""
    return "".join(c for c in plain_name(text) if c.isalnum() or c == " ")


def name_key(given_names: str, family_name: str) -> str:
    """A patient's whole name as searched ("María José", "Núñez" -> "maria jose nunez")."""
    return search_key(f"{given_names} {family_name}")


# The name searches look for each word typed anywhere in ``patient.name_key``. PostgreSQL
# finds such a word through a trigram index (the pg_trgm extension, made by migration
# 0003); SQLite reads the short keys of this index instead of the patients' rows.
PATIENT_NAME_KEY_INDEX = Index(
    "patient_name_key",
    "name_key",
    postgresql_using="gin",
    postgresql_ops={"name_key": "gin_trgm_ops"},
)


class Patient(SQLModel, table=True):
    __tablename__ = "patient"
    # A program that stores an MRN without its key would slip past the uniqueness below.
    __table_args__ = (
        CheckConstraint(
            "mrn_key IS NOT NULL OR mrn IS NULL OR trim(mrn) = ''", name="patient_mrn_has_key"
        ),
        PATIENT_NAME_KEY_INDEX,
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    given_names: str
    family_name: str
    date_of_birth: dt.date = Field(index=True)  # the staff searches find patients by it
    mrn: str | None = Field(default=None, index=True)
    # mrn_key(mrn), set on every save. Unique, so two tablets storing one MRN at the same
    # moment cannot give it to two people; NULLs (no MRN) never clash in either database.
    mrn_key: str | None = Field(default=None, unique=True)
    created_at: dt.datetime = _created(index=True)  # the staff search lists newest first
    # name_key(given_names, family_name), set on every save: what the name searches read,
    # so that no search reads every patient to compare names without accents or case.
    name_key: str = Field(default="", sa_column_kwargs={"server_default": ""})


@event.listens_for(Patient, "before_insert")
@event.listens_for(Patient, "before_update")
def _set_keys(_mapper: Any, _connection: Any, patient: Patient) -> None:
    patient.mrn_key = mrn_key(patient.mrn)
    patient.name_key = name_key(patient.given_names, patient.family_name)


NO_FLAG = 3  # worst_flag of an intake without flags (stop 0, review 1, note 2)


class Intake(SQLModel, table=True):
    """One patient filling in one version of one form.

    ``worst_flag``, ``flag_count`` and ``review_state`` are kept with the intake as its
    flags are raised and its review signed, so the nurse's queue (worst first, then
    oldest) is one indexed read however many intakes the clinic has.
    """

    __tablename__ = "intake"
    __table_args__ = (
        Index("intake_review_queue", "status", "review_state", "worst_flag", "completed_at"),
        # The queue's counts per review state, under its filters, from this index alone:
        # its keys repeat (no time in it), so it stays small however many intakes.
        Index("intake_review_counts", "status", "review_state", "worst_flag", "language"),
        # A tablet's unfinished intakes (``storage.patients.unfinished``): its intakes in
        # progress or awaiting the consent, each checked for a consent from the index.
        Index("intake_unfinished", "device", "status", "id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    form_id: str
    form_version: str
    language: str
    status: str = Field(default="in_progress", index=True)  # in_progress | completed | abandoned
    current_page: str | None = None
    device: str | None = Field(default=None, index=True)  # the tablet it was handed over on
    started_by: str | None = Field(default=None, foreign_key="staff_user.id")
    started_at: dt.datetime = _created()
    updated_at: dt.datetime = _created()
    completed_at: dt.datetime | None = _optional_time()
    worst_flag: int = NO_FLAG  # the rank of its worst flag (models.SEVERITY_ORDER)
    flag_count: int = 0
    review_state: str = "waiting"  # waiting, or the decision of the review in force


class Answer(SQLModel, table=True):
    """The current answer to one top-level item (a group's rows are one answer)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("intake_id", "item_id"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    # Found by the unique index (intake, item) above: an index of its own would be one
    # more page written with every answer (migration 0004 dropped it).
    intake_id: str = Field(foreign_key="intake.id")
    item_id: str
    value: Any = _json()
    answered_at: dt.datetime = _created()
    updated_at: dt.datetime = _created()


class Flag(SQLModel, table=True):
    """A flag rule that fired for an intake, and the nurse's sign-off."""

    __tablename__ = "flag"

    id: str = Field(default_factory=new_id, primary_key=True)
    intake_id: str = Field(foreign_key="intake.id", index=True)
    rule_id: str
    severity: str  # stop | review | note
    message: str
    sources: Any = _json()
    triggers: Any = _json()
    raised_at: dt.datetime = _created()
    reviewed_by: str | None = Field(default=None, foreign_key="staff_user.id")
    reviewed_at: dt.datetime | None = _optional_time()
    review_note: str | None = None


class ConsentRecord(SQLModel, table=True):
    """A signed consent or refusal; never edited, a withdrawal is a new record."""

    __tablename__ = "consent_record"
    # Each intake's decisions and when they were signed, read from the index alone: the
    # rows themselves are large (the text shown, the signature), and SQLite would read
    # through the text to reach the decision stored after it.
    __table_args__ = (Index("consent_record_decisions", "intake_id", "decision", "signed_at"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    intake_id: str = Field(foreign_key="intake.id", index=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    consent_id: str
    consent_version: str
    language: str
    text_sha256: str
    shown_text: str = Field(sa_column=Column(Text, nullable=False))
    decision: str  # agree | refuse | withdraw
    meaning: str  # what the signature means, as printed next to it
    signed_name: str
    signed_at: dt.datetime = _created()
    time_zone: str
    signature_strokes: Any = _json()
    signature_png: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    acknowledgments: Any = _json()
    comprehension: Any = _json()
    questions: Any = _json()
    witness_name: str | None = None
    witness_role: str | None = None
    witness_signature_png: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    witness_strokes: Any = _json(nullable=True)
    witness_signed_at: dt.datetime | None = _optional_time()
    witness_meaning: str | None = None  # what the witness's signature means
    # Indexed: whether an agreement was withdrawn is read without reading every record.
    supersedes_id: str | None = Field(default=None, foreign_key="consent_record.id", index=True)
    # Who released each hold (an interpreter need, STOP flags, a talk, a typed name that
    # differs from the registration), when, and how they chose to go on.
    holds: Any = _json(nullable=True)
    # The agreement to sign electronically, exactly as shown above the signature box.
    electronic_agreement: str | None = Field(default=None, sa_column=Column(Text))


class SignedRecordError(RuntimeError):
    """A signed consent record was about to be changed or deleted."""


@event.listens_for(ConsentRecord, "before_update")
@event.listens_for(ConsentRecord, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, record: ConsentRecord) -> None:
    raise SignedRecordError(
        f"signed consent record {record.id} cannot be changed; record a withdrawal instead"
    )


# The database refuses too, so no other program can change a signed record quietly (made
# with the table by create_all; the migrations make the same, as storage.guards says).
_CONSENT_TABLE = SQLModel.metadata.tables["consent_record"]
_NO_CHANGE = "signed consent records cannot be changed"
for _action in ("UPDATE", "DELETE"):
    event.listen(
        _CONSENT_TABLE,
        "after_create",
        DDL(  # type: ignore[no-untyped-call]
            f"CREATE TRIGGER consent_record_no_{_action.lower()} "
            f"BEFORE {_action} ON consent_record "
            f"BEGIN SELECT RAISE(ABORT, '{_NO_CHANGE}'); END"
        ).execute_if(dialect="sqlite"),
    )
event.listen(
    _CONSENT_TABLE,
    "after_create",
    DDL(  # type: ignore[no-untyped-call]
        "CREATE OR REPLACE FUNCTION consent_record_refuse_change() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{_NO_CHANGE}'; END; $$ LANGUAGE plpgsql; "
        "CREATE TRIGGER consent_record_no_change BEFORE UPDATE OR DELETE ON consent_record "
        "FOR EACH ROW EXECUTE FUNCTION consent_record_refuse_change(); "
        # Row triggers do not fire on TRUNCATE (nor on TRUNCATE ... CASCADE from intake).
        "CREATE TRIGGER consent_record_no_truncate BEFORE TRUNCATE ON consent_record "
        "FOR EACH STATEMENT EXECUTE FUNCTION consent_record_refuse_change()"
    ).execute_if(dialect="postgresql"),
)


ONE_PER_SIGNING = "kind IN ('chart_packet', 'patient_copy')"
ADDENDUM_NAMES_REVIEW = "(kind = 'review_addendum') = (review_id IS NOT NULL)"
# The documents the records desk still has to file into the chart (the patient's copy
# never is): the records page's query states it word for word, as SQLite uses a partial
# index only for a query that does.
# A document's path up to its last slash or backslash: the folder it was written in (a
# backslash in a file's name on Linux leaves a longer beginning; ``os.path.dirname`` of
# it is still the folder). Indexed, so the start-up scan for interrupted writes finds
# the few folders documents were written in without reading every path
# (``services.document_recovery``); the query states it word for word, as both
# databases use an index on an expression only for a query that does.
FOLDER_OF_PATH = "rtrim(path, replace(replace(path, '/', ''), '\\', ''))"
UNFILED_FOR_CHART = "filed_at IS NULL AND kind IN ('chart_packet', 'withdrawal', 'review_addendum')"


class Document(SQLModel, table=True):
    """A sealed PDF written to the documents folder.

    One signing has one chart document and one patient's copy, and one signed review
    one review addendum (``review_id``): the database refuses a second, so two
    stations making a missing document at the same moment file it once.
    """

    __tablename__ = "document"
    __table_args__ = (
        Index(
            "document_one_per_signing",
            "intake_id",
            "kind",
            unique=True,
            sqlite_where=text(ONE_PER_SIGNING),
            postgresql_where=text(ONE_PER_SIGNING),
        ),
        # The records page: the few documents not filed yet, newest first, out of
        # years of filed ones (and of patient's copies, never filed).
        Index(
            "document_unfiled",
            "created_at",
            "id",
            sqlite_where=text(UNFILED_FOR_CHART),
            postgresql_where=text(UNFILED_FOR_CHART),
        ),
        Index("document_folder", text(FOLDER_OF_PATH)),
        CheckConstraint(ADDENDUM_NAMES_REVIEW, name="document_addendum_names_its_review"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    intake_id: str = Field(foreign_key="intake.id", index=True)
    patient_id: str = Field(foreign_key="patient.id", index=True)
    kind: str  # chart_packet | patient_copy | withdrawal | review_addendum
    path: str = Field(unique=True)
    sha256: str
    size_bytes: int
    created_at: dt.datetime = _created(index=True)  # the records desk lists newest first
    filed_at: dt.datetime | None = _optional_time()
    filed_by: str | None = Field(default=None, foreign_key="staff_user.id")
    # The audit trail's head when the document was made, also sealed in the file itself
    # (``storage.audit``): ``intake-app audit verify`` checks the trail still holds it.
    audit_sequence: int | None = None
    audit_sha256: str | None = None
    # The signed review a review addendum is of (unique: one addendum per review).
    review_id: str | None = Field(default=None, foreign_key="review.id", unique=True)


FIRST_REVIEW = "supersedes_id IS NULL"


class Review(SQLModel, table=True):
    """A nurse's or clinician's signed review of one intake: the decision, its note, who
    signed it and when, and what the signature means.

    Never changed (``storage.guards``): a correction is a new review pointing to the one
    it corrects. An intake has one first review and a review at most one correction, so
    of two people signing at the same moment exactly one succeeds.
    """

    __tablename__ = "review"
    __table_args__ = (
        Index(
            "review_one_first",
            "intake_id",
            unique=True,
            sqlite_where=text(FIRST_REVIEW),
            postgresql_where=text(FIRST_REVIEW),
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    intake_id: str = Field(foreign_key="intake.id", index=True)
    decision: str  # cleared | needs_clinician | not_eligible
    note: str = Field(sa_column=Column(Text, nullable=False))
    signed_by: str = Field(foreign_key="staff_user.id")
    signed_name: str  # as printed: the person's name when they signed
    signed_roles: str  # nurse, clinician+nurse...
    signed_at: dt.datetime = _created()
    meaning: str  # "Reviewed by ... on ...: cleared for treatment"
    supersedes_id: str | None = Field(default=None, foreign_key="review.id", unique=True)


ONE_PER_CLINICIAN = "attestation_one_per_clinician"


class Attestation(SQLModel, table=True):
    """A clinician's signed attestation that they explained the consent: the words they
    signed, who signed them and when, and what the signature means.

    Never changed or deleted (``storage.guards``); each clinician attests an intake once.
    """

    __tablename__ = "attestation"
    __table_args__ = (UniqueConstraint("intake_id", "signed_by", name=ONE_PER_CLINICIAN),)

    id: str = Field(default_factory=new_id, primary_key=True)
    intake_id: str = Field(foreign_key="intake.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))  # as signed, word for word
    signed_by: str = Field(foreign_key="staff_user.id")
    signed_name: str  # as printed: the person's name when they signed
    signed_roles: str  # clinician, clinician+nurse...
    signed_at: dt.datetime = _created()
    meaning: str  # "Attested by Dr Ana Ruiz, clinician, 2026-12-01 14:05 CST (UTC-06:00)"


class AuditEvent(SQLModel, table=True):
    """Who did what, when: an append-only, hash-chained trail that keeps earlier values.

    Written only by ``storage.audit.append_event``, which numbers and chains each event;
    the database refuses to change or delete one (``storage.guards``).
    """

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    sequence: int = Field(unique=True)  # 1, 2, 3... in the order chained, with no gap
    at: dt.datetime = _created()
    actor: str  # patient | staff:<id> | system
    actor_role: str | None = None  # the staff member's role when staff acted, if known
    workstation: str | None = None  # the device it was recorded on (the tablet's id)
    action: str
    intake_id: str | None = Field(default=None, foreign_key="intake.id", index=True)
    patient_id: str | None = Field(default=None, foreign_key="patient.id")
    item_id: str | None = None
    detail: Any = _json(nullable=True)
    previous_sha256: str  # the event before's content_sha256 (the first: GENESIS_SHA256)
    content_sha256: str  # SHA-256 of storage.audit.canonical_content(this event)


class AuditChainHead(SQLModel, table=True):
    """The audit trail's last event: one row (id 1), moved on with every event.

    Each writer updates this row before it reads it, which makes writers take turns
    (see ``storage.audit``). The trail's first event makes the row.
    """

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="audit_chain_head_one_row"),)

    id: int = Field(default=1, primary_key=True)
    sequence: int
    sha256: str


# What a completed intake keeps, refused by the ORM and the database (needs the tables above).
from intake_app.storage import guards  # noqa: E402, F401
