"""The answers of the intakes completed in a date range, as spreadsheet rows.

For the clinic's own audits: one row per completed intake (the oldest first), one
column per item the patient answers, under two header rows, the item ids and their
English texts. A few columns come first to find the intake again (its id, when it
was completed, the form and version, the language); the patient's name, birth date
and MRN are left out on purpose, as an audit of answers does not need them. When the
range holds several versions of a form (or several forms), the columns are the union
of their items, in the order of the most recently used version, then the items only
older ones had. Cells are plain text (``yes``/``no``, option texts in English,
ISO dates, a table's rows one per line); a cell a spreadsheet would read as a
formula is escaped (``escape_cell``). An answer hidden by a later one does not count,
as on the chart. One transaction, for an actor who may export, with the
"answers_exported" audit event.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from sqlmodel import Session, col, select

from intake_app.form_files.translations import localized
from intake_app.forms.catalog import FormCatalog
from intake_app.questionnaire.display import joint_label
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.model import (
    ChildItem,
    GroupItem,
    Item,
    JointSideItem,
    MultipleChoiceItem,
    SingleChoiceItem,
    YesNoItem,
)
from intake_app.services.actor import Actor
from intake_app.services.permissions import Permission, require
from intake_app.storage.audit import append_event
from intake_app.storage.db import Database
from intake_app.storage.intakes import current_view
from intake_app.storage.tables import Intake

ENGLISH = "en"
LEADING = [
    ("intake_id", "Intake id"),
    ("completed_at", "Completed (UTC)"),
    ("form", "Form"),
    ("form_version", "Form version"),
    ("language", "Language"),
]
# OWASP "CSV injection": a spreadsheet runs a cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = list[str]
Column = tuple[str, Item | ChildItem]


def escape_cell(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: a leading ``'`` when it would start a
    formula (the quote is shown, the formula is not run)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def answers_csv(
    database: Database, since: dt.date, until: dt.date, *, catalog: FormCatalog, by: Actor
) -> Iterator[Row]:
    """The two header rows, then one row per intake completed from ``since`` to ``until``
    (both included, in this computer's time zone), every cell escaped."""
    require(by, Permission.EXPORT)
    if until < since:
        raise ValueError(f"the range ends ({until}) before it starts ({since})")
    start, end = _local_midnight(since), _local_midnight(until + dt.timedelta(days=1))
    with database.session() as session:
        query = select(Intake).where(
            Intake.status == "completed",
            col(Intake.completed_at) >= start,
            col(Intake.completed_at) < end,
        )
        intakes = list(session.exec(query.order_by(col(Intake.completed_at))))
        columns, rows = _table(session, intakes, catalog)
        acting = by.acting
        detail = {"from": since.isoformat(), "to": until.isoformat(), "intakes": len(rows)}
        append_event(session, actor=acting.actor, actor_role=acting.role, action="answers_exported",
                     workstation=by.workstation, detail=detail)  # fmt: skip
        session.commit()
    header_ids = [name for name, _ in LEADING] + [item_id for item_id, _ in columns]
    header_texts = [text for _, text in LEADING] + [
        localized(item.text, ENGLISH) for _, item in columns
    ]
    # Built before returning: the permission check and the audit event happen at the call.
    return iter([[escape_cell(cell) for cell in row] for row in [header_ids, header_texts, *rows]])


def _table(
    session: Session, intakes: list[Intake], catalog: FormCatalog
) -> tuple[list[Column], list[Row]]:
    """The item columns of the intakes' forms, and each intake's row."""
    forms = {(i.form_id, i.form_version): catalog.get(i.form_id, i.form_version) for i in intakes}
    columns = item_columns([forms[(i.form_id, i.form_version)] for i in reversed(intakes)])
    rows = []
    for intake in intakes:
        form = forms[(intake.form_id, intake.form_version)]
        today = _completed(intake).date()
        view = current_view(session, intake=intake, questionnaire=form, today=today)
        rows.append(_row(intake, view.answers, form, columns))
    return columns, rows


def item_columns(forms: list[Questionnaire]) -> list[Column]:
    """The union of the forms' answerable items, by id, in the order of the first form
    that has each (the caller lists the most recently used first)."""
    columns: dict[str, Item | ChildItem] = {}
    for form in forms:
        for ref in form.top_level_items():
            columns.setdefault(ref.item.id, ref.item)
    return list(columns.items())


def _row(
    intake: Intake, answers: dict[str, Any], form: Questionnaire, columns: list[Column]
) -> Row:
    leading = [intake.id, _completed(intake).isoformat(timespec="seconds"), intake.form_id,
               intake.form_version, intake.language]  # fmt: skip
    cells = [
        cell_text(form.items[item_id].item, answers.get(item_id)) if item_id in form.items else ""
        for item_id, _ in columns
    ]
    return leading + cells


def cell_text(item: Item | ChildItem, value: Any) -> str:
    """One answer as plain text; "" when blank."""
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(item, YesNoItem):
        return "yes" if value else "no"
    if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
        texts = {option.value: localized(option.text, ENGLISH) for option in item.options}
        codes = value if isinstance(value, list) else [value]
        return "; ".join(texts.get(code, str(code)) for code in codes)
    if isinstance(item, JointSideItem):
        return "; ".join(joint_label(code, ENGLISH) for code in value)
    if isinstance(item, GroupItem):
        return "\n".join(_row_text(item, row) for row in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row_text(group: GroupItem, row: dict[str, Any]) -> str:
    """One row of a table: ``Medicine: Warfarin; Dose: 5 mg``, its blank cells left out."""
    parts = [
        f"{localized(child.text, ENGLISH)}: {cell_text(child, row.get(child.id))}"
        for child in group.items
        if cell_text(child, row.get(child.id))
    ]
    return "; ".join(parts)


def _completed(intake: Intake) -> dt.datetime:
    assert intake.completed_at is not None  # a completed intake has its time
    return intake.completed_at


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min).astimezone()


def csv_file_bytes(rows: Iterable[Row]) -> bytes:
    """The rows as the file the command line and the desk write: UTF-8 with a byte-order
    mark, so Excel reads accents and other scripts right."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
