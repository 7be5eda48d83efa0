"""The role matrix: every cell checked, and the table in docs/roles.md kept equal to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intake_app.services.actor import Actor
from intake_app.services.permissions import (
    NotPermitted,
    Permission,
    allowed,
    require,
)
from intake_app.staff.rules import Role
from intake_app.storage.audit import Acting

ROLES_DOC = Path(__file__).parents[2] / "docs" / "roles.md"
COLUMNS = ("nurse", "clinician", "records", "admin", "patient", "system", "command line")


def table_rows() -> list[list[str]]:
    """The rows of the table in docs/roles.md (header and rule included), as cells."""
    lines = ROLES_DOC.read_text(encoding="utf-8").splitlines()
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in lines
        if line.startswith("|")
    ]


def documented() -> dict[tuple[str, str], str]:
    """The cells of the table in docs/roles.md: (act, column) -> yes / no / own."""
    header, rule, *rows = table_rows()
    assert header == ["act", *COLUMNS], "the table's columns are not the matrix's"
    assert rule == ["---"] * len(header)
    cells = {}
    for row in rows:
        assert len(row) == len(header), f"the row {row[0]!r} has {len(row)} cells"
        assert set(row[1:]) <= {"yes", "no", "own"}, f"the row {row[0]!r} says something else"
        cells.update(
            {(row[0], column): cell for column, cell in zip(COLUMNS, row[1:], strict=True)}
        )
    return cells


def actor_for(column: str) -> Actor:
    if column == "patient":
        return Actor.patient("INTAKE-1")
    if column == "system":
        return Actor.system()
    if column == "command line":
        return Actor.console("station-1")
    return Actor.staff("S1", f"A {column}", frozenset({Role(column)}))


def test_the_documented_table_names_every_act_once():
    acts = [row[0] for row in table_rows()[2:]]
    assert sorted(acts) == sorted(permission.value for permission in Permission)


@pytest.mark.parametrize(("act", "column"), [(p.value, c) for p in Permission for c in COLUMNS])
def test_each_cell_of_the_matrix_is_what_the_table_says(act, column):
    permission, expected = Permission(act), documented()[(act, column)]
    actor = actor_for(column)
    assert allowed(actor, permission, intake_id="INTAKE-1") == (expected in ("yes", "own"))
    if expected == "own":  # someone else's intake, never
        assert not allowed(actor, permission, intake_id="INTAKE-2")
    if expected == "no":
        with pytest.raises(NotPermitted, match=re.escape(act)):
            require(actor, permission, intake_id="INTAKE-1")


def test_a_person_with_two_roles_may_do_what_either_may():
    both = Actor.staff("S2", "Rosa Díaz", frozenset({Role.NURSE, Role.RECORDS}))
    assert allowed(both, Permission.SIGN_OFF_REVIEW)
    assert allowed(both, Permission.FILE_DOCUMENT)
    assert not allowed(both, Permission.MANAGE_PEOPLE)


def test_a_refusal_names_the_act_and_who_may():
    clerk = Actor.staff("S3", "Lee Park", frozenset({Role.RECORDS}))
    with pytest.raises(NotPermitted) as refused:
        require(clerk, Permission.SIGN_OFF_REVIEW)
    assert str(refused.value) == (
        "Lee Park may not sign off a review (allowed for: nurse, clinician)"
    )


def test_the_command_line_manages_people_but_never_answers_for_a_patient():
    console = Actor.console("station-1")
    assert allowed(console, Permission.MANAGE_PEOPLE)
    with pytest.raises(NotPermitted) as refused:
        require(console, Permission.SIGN_CONSENT, intake_id="INTAKE-1")
    assert str(refused.value) == (
        "the command line may not sign the consent (allowed for: no staff role)"
    )


def test_the_command_line_is_named_in_the_audit_trail_as_its_changes_always_were():
    assert Actor.console("station-1").acting == Acting("system", None)
