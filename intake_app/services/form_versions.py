"""The form and consent versions: which there are, how many intakes used each, and
publishing a new one.

A version is one id and version number: one text, never changed once published.
The forms that ship with the app stay in the package; a clinic's own versions live
in the clinic forms folder (``Settings.clinic_forms_dir``), and the catalog reads
both. Publishing a file checks it exactly as ``forms check`` does, refuses an id
and version that exists already (a version is never overwritten), copies it into
the clinic forms folder read-only, in one step (a station reading the folder sees
the whole file or none), and writes a ``form_published`` audit event: who, kind,
id, version, file name and SHA-256. Nothing is ever deleted: a new intake gets the
newest active version, an intake begun on an earlier one keeps it.

Each call is one transaction made for ``by``, who must be allowed to publish forms
(an administrator, or this machine's command line).
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlmodel import col, select

from intake_app.consent.document import ConsentDocument
from intake_app.form_files.source import FormFileError
from intake_app.forms.catalog import (
    CONSENT_FOLDER,
    QUESTIONNAIRE_FOLDER,
    FormCatalog,
    check_forms,
    form_key,
    version_key,
)
from intake_app.private_files import private_folder, synced_temporary
from intake_app.questionnaire.form import Questionnaire
from intake_app.services.actor import Actor, ActorKind
from intake_app.services.permissions import Permission, require
from intake_app.storage.audit import append_event
from intake_app.storage.db import Database
from intake_app.storage.tables import ConsentRecord, Intake

PUBLISHED = "form_published"
PUBLISHED_MODE = 0o440  # read-only: the owner and the clinic's station group read it
QUESTIONNAIRE, CONSENT = "questionnaire", "consent"
Form = Questionnaire | ConsentDocument


class PublishRefused(ValueError):
    """The file cannot be published; ``problems`` says why, each naming the file (and line)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FormVersion:
    """One version of a questionnaire or consent, as the versions page lists it."""

    kind: str  # questionnaire | consent
    form_id: str
    version: str
    status: str  # as the file says: active, draft or retired
    for_new_intakes: bool  # the version a new intake gets
    intakes: int  # intakes begun on it (questionnaire), or signed on it (consent)
    file_name: str
    sha256: str
    published: bool  # by the clinic (else it ships with the app)

    @property
    def status_words(self) -> str:
        if self.for_new_intakes:
            return "in use for new intakes"
        if self.status == "active":
            return "earlier version"
        return self.status


@dataclass(frozen=True)
class NewVersion:
    """A checked file about to be published, and what publishing it changes."""

    source: Path
    kind: str
    form_id: str
    version: str
    status: str
    sha256: str
    current: str | None  # the version new intakes get now; None: the form is new

    @property
    def becomes_current(self) -> bool:
        return self.status == "active" and (
            self.current is None or _newer(self.version, self.current)
        )

    def what_changes(self) -> str:
        """In words, what publishing does to new intakes and those in progress."""
        name = f"{self.kind} {self.form_id}"
        if not self.becomes_current:
            keep = f"version {self.current}" if self.current else "no version of it"
            why = "it is not active" if self.status != "active" else f"{keep} is newer"
            return f"New intakes keep {keep} of the {name} ({why}); version {self.version} is kept."
        if self.current is None:
            return f"New intakes will use version {self.version} of the new {name}."
        return (
            f"New intakes will use version {self.version} of the {name}; "
            f"intakes in progress keep {self.current}."
        )


@dataclass(frozen=True)
class Published:
    """A version now in the clinic forms folder, read-only."""

    new: NewVersion
    path: Path


class FormVersions:
    """The versions and publishing, for ``by``; the forms from ``folders`` (the shipped
    forms folder, then the clinic's: ``Settings.form_folders``)."""

    def __init__(self, database: Database, folders: tuple[Path, Path], by: Actor) -> None:
        self.database, self.folders, self.by = database, folders, by

    @property
    def clinic_folder(self) -> Path:
        return self.folders[-1]

    def catalog(self) -> FormCatalog:
        """Every version there is now (``FormFileError`` when the forms cannot be read)."""
        return FormCatalog.from_folders(self.folders)

    def listed(self) -> list[FormVersion]:
        """Every questionnaire, then every consent, each by id and version."""
        require(self.by, Permission.PUBLISH_FORMS)
        catalog = self.catalog()
        begun, signed = self.counts()
        current = {form_key(q) for q in catalog.newest_active()}
        current |= _newest_active_consents(catalog.consents())
        rows = [self._row(q, QUESTIONNAIRE, begun, current) for q in catalog.all()]
        rows += [self._row(c, CONSENT, signed, current) for c in catalog.consents()]
        return rows

    def counts(self) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
        """How many intakes began on each form id and version, and how many signed (or
        refused) on each consent id and version: two grouped counts, however many
        intakes there are."""
        require(self.by, Permission.PUBLISH_FORMS)
        by_form = select(Intake.form_id, Intake.form_version, func.count()).group_by(
            col(Intake.form_id), col(Intake.form_version)
        )
        consents = ConsentRecord.consent_id, ConsentRecord.consent_version
        by_consent = select(*consents, func.count(func.distinct(ConsentRecord.intake_id))).group_by(
            *map(col, consents)
        )
        with self.database.session() as session:
            begun = Counter({(f, v): n for f, v, n in session.exec(by_form)})
            signed = Counter({(c, v): n for c, v, n in session.exec(by_consent)})
        return begun, signed

    def check_new(self, source: Path) -> NewVersion:
        """Check ``source`` as ``forms check`` does and against the versions there are;
        ``PublishRefused`` naming every problem."""
        require(self.by, Permission.PUBLISH_FORMS)
        form, data = _checked(source)
        try:
            catalog = self.catalog()
        except FormFileError as exc:
            problems = [str(problem) for problem in exc.problems]
            raise PublishRefused([*problems, "Fix the forms already there first."]) from exc
        form_id, version = form_key(form)
        kind = QUESTIONNAIRE if isinstance(form, Questionnaire) else CONSENT
        existing = catalog.all() + catalog.consents()  # one name space for both kinds
        if any(form_key(other) == (form_id, version) for other in existing):
            raise PublishRefused(
                [
                    f"{source}: version {version} of {form_id} is published already: "
                    "give the new file a new version"
                ]
            )
        return NewVersion(
            source, kind, form_id, version, form.definition.status,
            hashlib.sha256(data).hexdigest(), _current(catalog, kind, form_id),
        )  # fmt: skip

    def publish(self, source: Path) -> Published:
        """Check ``source`` again and publish it: copied read-only into the clinic forms
        folder and audited, in one transaction (a failed audit takes the file back)."""
        new = self.check_new(source)
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() != new.sha256:
            raise PublishRefused([f"{source}: the file changed while it was checked; try again"])
        subfolder = QUESTIONNAIRE_FOLDER if new.kind == QUESTIONNAIRE else CONSENT_FOLDER
        folder = private_folder(self.clinic_folder / subfolder)
        target = folder / f"{new.form_id}-{new.version}.yaml"
        with self.database.session() as session:
            acting = self.by.acting
            append_event(
                session,
                actor=acting.actor,
                actor_role=acting.role,
                action=PUBLISHED,
                detail=self._event_detail(new, target),
                workstation=self.by.workstation,
            )
            session.flush()
            _place_read_only(target, data)
            try:
                session.commit()
            except BaseException:
                target.unlink(missing_ok=True)  # not recorded, so not published
                raise
        return Published(new, target)

    def _event_detail(self, new: NewVersion, target: Path) -> dict[str, str | None]:
        detail: dict[str, str | None] = {
            "kind": new.kind,
            "form": new.form_id,
            "version": new.version,
            "status": new.status,
            "file": target.name,
            "source_file": new.source.name,
            "sha256": new.sha256,
            "replaces": new.current if new.becomes_current else None,
        }
        if self.by.kind is ActorKind.CONSOLE:
            detail["via"] = "command line"
        return detail

    def _row(
        self,
        form: Form,
        kind: str,
        used: Counter[tuple[str, str]],
        current: set[tuple[str, str]],
    ) -> FormVersion:
        key = form_key(form)
        path = form.path
        data = path.read_bytes() if path is not None else b""
        published = path is not None and _inside(path, self.clinic_folder)
        return FormVersion(
            kind, key[0], key[1], form.definition.status, key in current, used[key],
            path.name if path is not None else "", hashlib.sha256(data).hexdigest(), published,
        )  # fmt: skip


def _checked(source: Path) -> tuple[Form, bytes]:
    """The one form in ``source``, checked as ``forms check`` checks it, and its bytes."""
    if source.suffix not in (".yaml", ".yml"):
        raise PublishRefused([f"{source}: a form file ends in .yaml"])
    try:
        data = source.read_bytes()
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise PublishRefused([f"{source}: the file cannot be read ({reason})"]) from exc
    report = check_forms([source])
    if report.problems:
        raise PublishRefused([str(problem) for problem in report.problems])
    forms: list[Form] = [*report.questionnaires, *report.consents]
    return forms[0], data


def _current(catalog: FormCatalog, kind: str, form_id: str) -> str | None:
    try:
        if kind == QUESTIONNAIRE:
            return catalog.get(form_id).version
        return catalog.consent(form_id).version
    except KeyError:
        return None


def _newest_active_consents(consents: list[ConsentDocument]) -> set[tuple[str, str]]:
    newest = {c.consent_id: c for c in consents if c.definition.status == "active"}
    return {form_key(c) for c in newest.values()}


def _newer(version: str, than: str) -> bool:
    return version_key(version) > version_key(than)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _place_read_only(target: Path, data: bytes) -> None:
    """Write ``target`` read-only in one step, never over a file already there."""
    temporary = synced_temporary(target, data, PUBLISHED_MODE)
    try:
        _link_new(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _link_new(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)  # fails, and changes nothing, when the name is taken
    except FileExistsError as exc:
        raise PublishRefused(
            [f"{target} exists already; a published file is never replaced"]
        ) from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        if target.exists():  # a shared folder without hard links: checked, then renamed
            raise PublishRefused(
                [f"{target} exists already; a published file is never replaced"]
            ) from exc
        os.rename(temporary, target)
