"""The schema as first released (version 0001), frozen: never edit this file.

Migration 0001 makes exactly these tables, indexes and constraints, then the
triggers written out in ``first_schema_sqlite.sql`` and
``first_schema_postgresql.sql`` (one statement per paragraph): the rules of
``storage.guards`` and the consent record's refusal, as they stood at 0001.
They are written out rather than computed from ``storage.tables`` and
``storage.guards`` because those describe the newest schema: a later migration
changes them, and 0001 must still make what it made the day it was released.

A change to a table, an index or a trigger is a new migration (see
``storage/migrations/__init__.py``), never an edit here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent


def _id() -> sa.Column[Any]:
    return sa.Column("id", sa.String(), primary_key=True)


def _text(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _time(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.JSON(), nullable=nullable)


def _number(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _points_to(name: str, target: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.String(), sa.ForeignKey(target), nullable=nullable)


def _index(table: str, *columns: str) -> sa.Index:
    """An index as ``Field(index=True)`` names it."""
    return sa.Index(f"ix_{table}_{'_'.join(columns)}", *columns)


@cache
def tables() -> sa.MetaData:
    """The tables of version 0001, built once (their own MetaData, not the app's)."""
    metadata = sa.MetaData()
    _staff_and_patients(metadata)
    _intakes(metadata)
    _consents_and_documents(metadata)
    _reviews(metadata)
    _audit_trail(metadata)
    return metadata


def _staff_and_patients(metadata: sa.MetaData) -> None:
    sa.Table(
        "staff_user", metadata, _id(), _text("username"), _text("username_key"),
        _text("display_name"), _json("roles"), _text("password_hash"),
        _text("pin_hash", nullable=True), sa.Column("active", sa.Boolean(), nullable=False),
        _number("failed_tries"), _time("locked_until", nullable=True), _time("created_at"),
        sa.UniqueConstraint("username_key"),
        sa.Index("ix_staff_user_username", "username", unique=True),
    )  # fmt: skip
    sa.Table(
        "patient", metadata, _id(), _text("given_names"), _text("family_name"),
        sa.Column("date_of_birth", sa.Date(), nullable=False), _text("mrn", nullable=True),
        _text("mrn_key", nullable=True), _time("created_at"),
        sa.CheckConstraint(
            "mrn_key IS NOT NULL OR mrn IS NULL OR trim(mrn) = ''", name="patient_mrn_has_key"
        ),
        sa.UniqueConstraint("mrn_key"),
        _index("patient", "date_of_birth"), _index("patient", "mrn"),
    )  # fmt: skip


def _intakes(metadata: sa.MetaData) -> None:
    sa.Table(
        "intake", metadata, _id(), _points_to("patient_id", "patient.id"), _text("form_id"),
        _text("form_version"), _text("language"), _text("status"),
        _text("current_page", nullable=True), _text("device", nullable=True),
        _points_to("started_by", "staff_user.id", nullable=True), _time("started_at"),
        _time("updated_at"), _time("completed_at", nullable=True), _number("worst_flag"),
        _number("flag_count"), _text("review_state"),
        sa.Index("intake_review_queue", "status", "review_state", "worst_flag", "completed_at"),
        _index("intake", "device"), _index("intake", "patient_id"), _index("intake", "status"),
    )  # fmt: skip
    sa.Table(
        "answer", metadata, _id(), _points_to("intake_id", "intake.id"), _text("item_id"),
        _json("value"), _time("answered_at"), _time("updated_at"),
        sa.UniqueConstraint("intake_id", "item_id"), _index("answer", "intake_id"),
    )  # fmt: skip
    sa.Table(
        "flag", metadata, _id(), _points_to("intake_id", "intake.id"), _text("rule_id"),
        _text("severity"), _text("message"), _json("sources"), _json("triggers"),
        _time("raised_at"), _points_to("reviewed_by", "staff_user.id", nullable=True),
        _time("reviewed_at", nullable=True), _text("review_note", nullable=True),
        _index("flag", "intake_id"),
    )  # fmt: skip


def _consents_and_documents(metadata: sa.MetaData) -> None:
    sa.Table(
        "consent_record", metadata, _id(), _points_to("intake_id", "intake.id"),
        _points_to("patient_id", "patient.id"), _text("consent_id"), _text("consent_version"),
        _text("language"), _text("text_sha256"),
        sa.Column("shown_text", sa.Text(), nullable=False), _text("decision"), _text("meaning"),
        _text("signed_name"), _time("signed_at"), _text("time_zone"),
        _json("signature_strokes"), sa.Column("signature_png", sa.LargeBinary(), nullable=False),
        _json("acknowledgments"), _json("comprehension"), _json("questions"),
        _text("witness_name", nullable=True), _text("witness_role", nullable=True),
        sa.Column("witness_signature_png", sa.LargeBinary(), nullable=True),
        _json("witness_strokes", nullable=True), _time("witness_signed_at", nullable=True),
        _text("witness_meaning", nullable=True),
        _points_to("supersedes_id", "consent_record.id", nullable=True),
        _json("holds", nullable=True),
        sa.Column("electronic_agreement", sa.Text(), nullable=True),
        _index("consent_record", "intake_id"), _index("consent_record", "patient_id"),
    )  # fmt: skip
    one_per_signing = sa.text("kind IN ('chart_packet', 'patient_copy')")
    sa.Table(
        "document", metadata, _id(), _points_to("intake_id", "intake.id"),
        _points_to("patient_id", "patient.id"), _text("kind"), _text("path"), _text("sha256"),
        _number("size_bytes"), _time("created_at"), _time("filed_at", nullable=True),
        _points_to("filed_by", "staff_user.id", nullable=True),
        _number("audit_sequence", nullable=True), _text("audit_sha256", nullable=True),
        _points_to("review_id", "review.id", nullable=True),
        sa.CheckConstraint(
            "(kind = 'review_addendum') = (review_id IS NOT NULL)",
            name="document_addendum_names_its_review",
        ),
        sa.UniqueConstraint("path"), sa.UniqueConstraint("review_id"),
        sa.Index(
            "document_one_per_signing", "intake_id", "kind", unique=True,
            sqlite_where=one_per_signing, postgresql_where=one_per_signing,
        ),
        _index("document", "intake_id"), _index("document", "patient_id"),
    )  # fmt: skip


def _reviews(metadata: sa.MetaData) -> None:
    first_review = sa.text("supersedes_id IS NULL")
    sa.Table(
        "review", metadata, _id(), _points_to("intake_id", "intake.id"), _text("decision"),
        sa.Column("note", sa.Text(), nullable=False), _points_to("signed_by", "staff_user.id"),
        _text("signed_name"), _text("signed_roles"), _time("signed_at"), _text("meaning"),
        _points_to("supersedes_id", "review.id", nullable=True),
        sa.UniqueConstraint("supersedes_id"),
        sa.Index(
            "review_one_first", "intake_id", unique=True,
            sqlite_where=first_review, postgresql_where=first_review,
        ),
        _index("review", "intake_id"),
    )  # fmt: skip
    sa.Table(
        "attestation", metadata, _id(), _points_to("intake_id", "intake.id"),
        sa.Column("text", sa.Text(), nullable=False), _points_to("signed_by", "staff_user.id"),
        _text("signed_name"), _text("signed_roles"), _time("signed_at"), _text("meaning"),
        sa.UniqueConstraint("intake_id", "signed_by", name="attestation_one_per_clinician"),
        _index("attestation", "intake_id"),
    )  # fmt: skip


def _audit_trail(metadata: sa.MetaData) -> None:
    sa.Table(
        "audit_event", metadata, sa.Column("id", sa.Integer(), primary_key=True),
        _number("sequence"), _time("at"), _text("actor"), _text("actor_role", nullable=True),
        _text("workstation", nullable=True), _text("action"),
        _points_to("intake_id", "intake.id", nullable=True),
        _points_to("patient_id", "patient.id", nullable=True), _text("item_id", nullable=True),
        _json("detail", nullable=True), _text("previous_sha256"), _text("content_sha256"),
        sa.UniqueConstraint("sequence"), _index("audit_event", "intake_id"),
    )  # fmt: skip
    sa.Table(
        "audit_chain_head", metadata, sa.Column("id", sa.Integer(), primary_key=True),
        _number("sequence"), _text("sha256"),
        sa.CheckConstraint("id = 1", name="audit_chain_head_one_row"),
    )  # fmt: skip


def trigger_statements(dialect: str) -> list[str]:
    """The triggers of version 0001 for ``dialect`` (sqlite or postgresql), in order."""
    text = (HERE / f"first_schema_{dialect}.sql").read_text(encoding="utf-8")
    return [statement for statement in text.split("\n\n") if statement.strip()]
