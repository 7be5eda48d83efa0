"""A clinic's years of made-up intakes, loaded in bulk: for the desk's lists and searches.

Each made-up patient has one intake, seven minutes after the one before. Most are
completed, signed (a few refused) and have their chart document and patient's copy,
all filed but the newest; most are reviewed, with a review addendum. One in 200 is
still in progress on one of four tablets, one in 200 was ended, one in 100 waits for
its consent. The consent rows are as large as the sample consent's (its text, the
signature picture and strokes, the acknowledgments), since some reads go through them;
``consent_scale`` makes them smaller where loading their full size would take too long.

SQLite is loaded through SQLAlchemy in one transaction; PostgreSQL with COPY through
psycopg, in a schema of its own (``bench_<count>``), dropped and made again when its contents
are not what was asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from intake_app.storage.tables import name_key

START = dt.datetime(2014, 1, 6, 14, 0, tzinfo=dt.UTC)
TABLETS = [f"tablet-{n}" for n in range(1, 5)]
NOBODY = "Zebedee Quixotic"  # a name that matches no made-up patient
UNFILED = 100  # the newest chart documents are not filed yet
BATCH = 5000
# The sample consent's sizes (``intake-app packet --sample``): shown text, signature
# picture, signature strokes (JSON), acknowledgments (JSON).
SHOWN_TEXT, SIGNATURE_PNG, STROKES, ACKNOWLEDGMENTS = 13_000, 8_600, 2_500, 9


@dataclass(frozen=True)
class Made:
    """Rows for one table, as dicts of its columns."""

    table: str
    rows: list[dict[str, Any]]


def _consent_parts(scale: float) -> dict[str, Any]:
    chance = random.Random(11)
    text = " ".join(chance.choice(["risk", "knee", "vesicle", "injection", "infection", "the",
                                   "not approved", "cost", "swelling"]) for _ in range(4000))  # fmt: skip
    strokes = [[[chance.randint(0, 600), chance.randint(0, 200)] for _ in range(40)]]
    while len(json.dumps(strokes)) < STROKES * scale:
        strokes.append(strokes[0])
    return {
        "shown_text": text[: int(SHOWN_TEXT * scale)],
        "signature_png": b"\x89PNG\r\n\x1a\n" + chance.randbytes(int(SIGNATURE_PNG * scale)),
        "signature_strokes": strokes,
        "acknowledgments": [
            {
                "section": f"section_{n}",
                "at": START.isoformat(),
                "language": "en",
                "text_sha256": "0" * 64,
            }
            for n in range(ACKNOWLEDGMENTS)
        ],
    }


def clinic_rows(count: int, staff_id: str, *, consent_scale: float = 1.0) -> Iterator[list[Made]]:
    """Batches of rows for ``count`` patients and their intakes, in the order the foreign
    keys need (patients, intakes, consents, reviews, documents)."""
    parts = _consent_parts(consent_scale)
    chance = random.Random(7)
    for first in range(0, count, BATCH):
        patients, intakes, consents, reviews, documents = [], [], [], [], []
        for n in range(first, min(first + BATCH, count)):
            at = START + dt.timedelta(minutes=7 * n)
            patient_id, intake_id = f"p{n:032x}", f"i{n:032x}"
            given, family = f"Given{n}", f"Family{n % 997}"
            patients.append({"id": patient_id, "given_names": given, "family_name": family,
                             "name_key": name_key(given, family),  # what the app sets on save
                             "date_of_birth": dt.date(1930 + n % 70, 1 + n % 12, 1 + n % 28),
                             "mrn": f"MRN{n}", "mrn_key": f"mrn{n}", "created_at": at})  # fmt: skip
            status = "in_progress" if n % 200 == 0 else "abandoned" if n % 200 == 1 else "completed"
            signed = status == "completed" and n % 100 != 2
            state = chance.choice(["waiting", "cleared", "cleared", "needs_clinician"])
            intakes.append({"id": intake_id, "patient_id": patient_id, "form_id": "exosome-joint-intake",
                            "form_version": "1.0", "language": chance.choice(["en", "en", "es"]),
                            "status": status, "current_page": "joint_pain" if status != "completed" else "consent",
                            "device": TABLETS[n % 4], "started_by": staff_id, "started_at": at,
                            "updated_at": at + dt.timedelta(minutes=20),
                            "completed_at": at + dt.timedelta(minutes=18) if status == "completed" else None,
                            "worst_flag": chance.choice([0, 1, 1, 2, 3]), "flag_count": chance.randint(0, 6),
                            "review_state": state if status == "completed" else "waiting"})  # fmt: skip
            if not signed:
                continue
            signed_at = at + dt.timedelta(minutes=30)
            decision = "refuse" if n % 50 == 3 else "agree"
            consents.append({"id": f"c{n:032x}", "intake_id": intake_id, "patient_id": patient_id,
                             "consent_id": "exosome-consent", "consent_version": "1.0", "language": "en",
                             "text_sha256": hashlib.sha256(str(n).encode()).hexdigest(), **parts,
                             "decision": decision, "meaning": "I agree to the treatment.",
                             "signed_name": f"Given{n} Family{n % 997}", "signed_at": signed_at,
                             "time_zone": "America/Chicago", "comprehension": [], "questions": [],
                             "holds": [], "electronic_agreement": "I agree to sign on this tablet."})  # fmt: skip
            filed = n < count - UNFILED
            for kind in ("chart_packet", "patient_copy"):
                documents.append(_document(n, kind, intake_id, patient_id, signed_at,
                                           filed=filed and kind == "chart_packet"))  # fmt: skip
            if state != "waiting":
                reviews.append({"id": f"r{n:032x}", "intake_id": intake_id, "decision": state,
                                "note": "", "signed_by": staff_id, "signed_name": "Rosa Díaz",
                                "signed_roles": "nurse", "signed_at": signed_at + dt.timedelta(hours=1),
                                "meaning": "Reviewed by Rosa Díaz", "supersedes_id": None})  # fmt: skip
                addendum = _document(n, "review_addendum", intake_id, patient_id,
                                     signed_at + dt.timedelta(hours=1), filed=filed)  # fmt: skip
                documents.append(addendum | {"review_id": f"r{n:032x}"})
        yield [Made("patient", patients), Made("intake", intakes), Made("consent_record", consents),
               Made("review", reviews), Made("document", documents)]  # fmt: skip


def _document(
    n: int, kind: str, intake_id: str, patient_id: str, at: dt.datetime, *, filed: bool
) -> dict[str, Any]:
    return {"id": f"d{kind[:2]}{n:030x}", "intake_id": intake_id, "patient_id": patient_id,
            "kind": kind, "path": f"/clinic/documents/{kind}-{n}.pdf", "sha256": "0" * 64,
            "size_bytes": 180_000, "created_at": at, "filed_at": at + dt.timedelta(days=1) if filed else None,
            "filed_by": None, "audit_sequence": None, "audit_sha256": None, "review_id": None}  # fmt: skip


def load_sqlite(database: Any, count: int, staff_id: str) -> None:
    """Bulk insert through SQLAlchemy (the app's column types), in one transaction."""
    from sqlalchemy import insert
    from sqlmodel import SQLModel

    tables = SQLModel.metadata.tables
    with database.session() as session:
        connection = session.connection()
        connection.exec_driver_sql("PRAGMA synchronous=OFF")  # loading only: made-up rows
        for batch in clinic_rows(count, staff_id):
            for made in batch:
                if made.rows:
                    session.execute(insert(tables[made.table]), made.rows)
    with database.engine.connect() as connection:  # the pooled connection: as the app has it
        connection.exec_driver_sql("PRAGMA synchronous=FULL")


def load_postgres(conninfo: str, schema: str, count: int, staff_id: str, scale: float) -> None:
    """COPY every batch through psycopg into ``schema`` (made by the app already)."""
    import psycopg
    from sqlmodel import SQLModel

    tables = SQLModel.metadata.tables
    with psycopg.connect(conninfo, options=f"-csearch_path={schema}") as connection:
        with connection.cursor() as cursor:
            for batch in clinic_rows(count, staff_id, consent_scale=scale):
                for made in batch:
                    if not made.rows:
                        continue
                    columns = list(made.rows[0])
                    json_columns = {c.name for c in tables[made.table].columns
                                    if c.type.__class__.__name__ == "JSON"}  # fmt: skip
                    with cursor.copy(
                        f"COPY {made.table} ({', '.join(columns)}) FROM STDIN"
                    ) as copy:
                        for row in made.rows:
                            copy.write_row([json.dumps(row[c]) if c in json_columns else row[c]
                                            for c in columns])  # fmt: skip
        connection.commit()
        connection.autocommit = True
        # What autovacuum does within minutes of a bulk load (its insert threshold): the
        # statistics, and the visibility map without which no index-only scan is chosen.
        # Left to autovacuum, a run straight after loading measured a database no clinic
        # runs on for longer than those minutes, and its figures depended on the race.
        connection.execute(f"VACUUM (ANALYZE) {', '.join(f'{schema}.{t}' for t in tables)}")
