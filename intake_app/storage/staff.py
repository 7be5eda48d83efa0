"""Staff accounts in the database: finding people, adding one, counting wrong tries.

These functions flush and never commit: the caller commits once (one call, one
transaction). User names are found by ``user_name_key`` (trimmed, any case),
which the database keeps unique. There is no delete: accounts are deactivated.

Several stations share one database, so the wrong-try count is raised by the
database itself (``failed_tries = failed_tries + 1``): two stations refusing one
person at the same moment both count. That update holds the row (PostgreSQL) or
the database (SQLite) until the caller commits, so the count read back after it
is this try's own, and at most one of them sets the lock.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from intake_app.storage.patients import _begin_sqlite_transaction
from intake_app.storage.tables import StaffUser, user_name_key


class UserNameTaken(ValueError):
    """The user name belongs to another account already (user names ignore case)."""

    def __init__(self, user_name: str) -> None:
        super().__init__(
            f'The user name "{user_name}" is taken already (user names are the same in any '
            "case): choose another."
        )


def staff_by_user_name(session: Session, user_name: str) -> StaffUser | None:
    """The account with this user name (trimmed, any case), as stored right now."""
    query = select(StaffUser).where(StaffUser.username_key == user_name_key(user_name))
    return session.exec(query.execution_options(populate_existing=True)).first()


def staff_by_id(session: Session, staff_user_id: str) -> StaffUser | None:
    """The account with this id, as stored right now (another station may have changed it)."""
    return session.get(StaffUser, staff_user_id, populate_existing=True)


def all_staff(session: Session, *, active_only: bool = False) -> list[StaffUser]:
    """Every account (or every active one), by user name."""
    query = select(StaffUser)
    if active_only:
        query = query.where(col(StaffUser.active))
    return list(session.exec(query.order_by(col(StaffUser.username_key))))


def active_admin_count(session: Session) -> int:
    """How many active people have the admin role (roles are a short list on each row)."""
    return sum("admin" in person.roles for person in all_staff(session, active_only=True))


def add_staff(session: Session, person: StaffUser) -> StaffUser:
    """Store a new account; UserNameTaken when its user name is on file, in any case.

    The insert runs in a savepoint, so a user name another station stored a moment ago
    undoes only the insert, never the caller's transaction.
    """
    if staff_by_user_name(session, person.username) is not None:
        raise UserNameTaken(person.username)
    _begin_sqlite_transaction(session)
    savepoint = session.begin_nested()
    try:
        with savepoint:
            session.add(person)
    except IntegrityError:
        if staff_by_user_name(session, person.username) is None:
            raise
        raise UserNameTaken(person.username) from None
    return person


def save_staff(session: Session, person: StaffUser) -> None:
    """Flush a change to an account (the caller commits)."""
    session.add(person)
    session.flush()


def count_wrong_try(
    session: Session, person: StaffUser, *, lock_after: int, locked_until: dt.datetime
) -> int:
    """Count one more wrong try in a row and return the count; at ``lock_after`` the
    account is locked until ``locked_until`` and the count starts again from 0."""
    raised = (
        update(StaffUser)
        .where(col(StaffUser.id) == person.id)
        .values(failed_tries=col(StaffUser.failed_tries) + 1)
        .execution_options(synchronize_session=False)
    )
    session.exec(raised)
    session.refresh(person)
    count = person.failed_tries
    if count >= lock_after:
        person.failed_tries, person.locked_until = 0, locked_until
        save_staff(session, person)
    return count


def clear_wrong_tries(session: Session, person: StaffUser, *, now: dt.datetime) -> bool:
    """After a right password or PIN: no wrong tries in a row any more. False (nothing
    changed) when another station locked the account since it was read."""
    not_locked = or_(col(StaffUser.locked_until).is_(None), col(StaffUser.locked_until) <= now)
    cleared = (
        update(StaffUser)
        .where(col(StaffUser.id) == person.id, not_locked)
        .values(failed_tries=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    changed = session.exec(cleared).rowcount
    session.refresh(person)
    return bool(changed)


def clear_lock(person: StaffUser) -> None:
    """Unlock the account and forget its wrong tries (an administrator's reset)."""
    person.failed_tries, person.locked_until = 0, None
