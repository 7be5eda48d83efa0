"""The ``intake-app`` command.

With no arguments it opens the app. Sub-commands work without a display and
import only what they need (Qt is never imported for ``forms``). Whatever the
app or a command makes while it runs is readable by its owner only (umask 077),
a second line of defence behind the explicit permissions of ``private_files``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from intake_app.private_files import owner_only_umask

# What Debian 12 needs for Qt to draw a window on X11 or Wayland (checked with ldd on
# PySide6's platform plugins). README.md and .ci/run list the same; a test keeps them equal.
QT_SYSTEM_PACKAGES = (
    "libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3 "
    "fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
    "libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 "
    "libxkbcommon-x11-0 libwayland-cursor0 libwayland-egl1"
)
SEAL_LATER = (
    " The intake and its consent are stored; once sealing works, "
    "`intake-app documents make-missing` makes the chart document."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intake-app",
        description="Patient intake and informed consent for joint injections. "
        "With no command, opens the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    forms = commands.add_parser("forms", help="check, list and describe form files")
    form_commands = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    check = form_commands.add_parser("check", help="validate form files (default: the app's forms)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="a form file or folder")
    form_commands.add_parser("list", help="list forms and versions, with intakes per version")
    publish = form_commands.add_parser(
        "publish", help="check a form file and publish it as a new version (never replaced)"
    )
    publish.add_argument("file", type=Path, metavar="FILE.yaml")
    template = form_commands.add_parser("template", help="print a JSON skeleton of one intake")
    template.add_argument("form_id", metavar="FORM_ID")
    template.add_argument("--version", help="a form version (default: the newest active)")
    template.add_argument(
        "--language", default="en", help="language of the item texts (default en)"
    )
    _add_fhir_form_commands(form_commands)
    packet = commands.add_parser(
        "packet", help="make a sealed chart PDF from an answers file, no screens"
    )
    source = packet.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--input", type=Path, metavar="FILE.json", help="answers, consent and signature"
    )
    source.add_argument("--sample", action="store_true", help="use the built-in made-up patient")
    packet.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the PDF")
    verify = commands.add_parser(
        "verify", help="check that a chart PDF is intact and sealed by the clinic"
    )
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    documents = commands.add_parser(
        "documents", help="list chart documents, make missing ones, file them"
    )
    document_commands = documents.add_subparsers(
        dest="documents_command", metavar="ACTION", required=True
    )
    document_commands.add_parser(
        "list", help="every chart document: created, id, kind, file, filed or not"
    )
    document_commands.add_parser(
        "make-missing", help="make the chart documents of signed intakes that have none"
    )
    _add_file_command(document_commands)
    audit = commands.add_parser("audit", help="check the audit trail, show an intake's history")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify", help="check every event's hash and the head sealed in every document"
    )
    history = audit_commands.add_parser("show", help="one intake's history, oldest first")
    history.add_argument("--intake", required=True, metavar="ID", help="the intake's id")
    commands.add_parser(
        "desk", help="open the staff desk: the nurse's review queue, records, people"
    )
    shots = commands.add_parser("screenshots", help="render every patient screen to PNG files")
    shots.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    _add_users_command(commands)
    commands.add_parser(
        "doctor", help="check this installation: database, documents, audit trail, keys, disk"
    )
    from intake_app.commands.export import add_export_command

    add_export_command(commands)
    from intake_app.commands.backup import add_backup_commands

    add_backup_commands(commands)

    from intake_app.commands.db import add_db_command

    add_db_command(commands)
    return parser


def _add_fhir_form_commands(
    form_commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """``forms export-fhir FORM_ID`` and ``forms import-fhir FILE.json --out FILE.yaml``."""
    export = form_commands.add_parser("export-fhir", help="write a form as a FHIR R4 Questionnaire")
    export.add_argument("form_id", metavar="FORM_ID")
    export.add_argument("--version", help="a form version (default: the newest active)")
    export.add_argument(
        "--out", type=Path, metavar="FILE", help="a new file (default: standard output)"
    )
    imported = form_commands.add_parser(
        "import-fhir", help="turn a FHIR R4 Questionnaire into a new form file"
    )
    imported.add_argument("file", type=Path, metavar="FILE.json")
    imported.add_argument(
        "--out", type=Path, required=True, metavar="FILE.yaml", help="a new form file"
    )


def _add_file_command(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``documents file [--all | DOC_ID ...] [--to FOLDER]``."""
    filing = actions.add_parser(
        "file", help="copy documents into the clinic's chart folder and mark them filed"
    )
    which = filing.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every document not yet filed")
    which.add_argument(
        "document_ids", nargs="*", default=[], metavar="DOC_ID", help="these documents"
    )
    filing.add_argument(
        "--to", type=Path, metavar="FOLDER", help="the chart folder (default: the clinic file's)"
    )


def _add_users_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``users add | list | deactivate | reactivate | reset-password | set-pin``."""
    users = commands.add_parser("users", help="staff accounts: people, roles, passwords, PINs")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a person (the first one with --role admin)")
    add.add_argument("name", metavar="NAME", help="the person's name as printed, in quotes")
    add.add_argument("--user-name", required=True, metavar="USER", help="what they log in with")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        help="nurse, clinician (may decide on STOP flags), records or admin; repeat for more",
    )
    add.add_argument("--password-stdin", action="store_true", help=_STDIN.format("password"))
    actions.add_parser("list", help="every account: user name, name, roles, active, locked")
    for action, what in (
        ("deactivate", "the person can no longer log in (accounts are never deleted)"),
        ("reactivate", "the person can log in again"),
        ("reset-password", "give the person a new password; ends a lock-out"),
        ("set-pin", "set the person's tablet PIN (4 to 8 digits)"),
    ):
        person = actions.add_parser(action, help=what)
        person.add_argument("user_name", metavar="USER")
    actions.choices["reset-password"].add_argument(
        "--password-stdin", action="store_true", help=_STDIN.format("password")
    )
    actions.choices["set-pin"].add_argument(
        "--pin-stdin", action="store_true", help=_STDIN.format("PIN")
    )


_STDIN = "read the {} from the first line of standard input instead of asking twice"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    with owner_only_umask():
        if not arguments:  # the tablet opens: the commands' parser is not even built
            return _run(argparse.Namespace(command=None))
        return _run(build_parser().parse_args(arguments))


def _run(args: argparse.Namespace) -> int:
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `intake-app forms template X | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last guard: a clear line, never a traceback
        from intake_app.chart.seal import SealError
        from intake_app.services.connection import NOT_REACHED_AT_START, DatabaseUnavailable
        from intake_app.services.schema_upgrade import SchemaVersionError
        from intake_app.settings import SettingsError

        if isinstance(exc, SettingsError | SchemaVersionError):
            print(f"intake-app: {exc}", file=sys.stderr)
            return 1
        if isinstance(exc, DatabaseUnavailable):
            print(f"intake-app: {NOT_REACHED_AT_START}", file=sys.stderr)
            return 1
        if isinstance(exc, SealError):
            later = SEAL_LATER if args.command == "packet" else ""
            print(f"intake-app: sealing failed: {exc}.{later}", file=sys.stderr)
            return 1
        print(_unexpected(exc), file=sys.stderr)
        return 70


# Commands whose module has ``run(args)``; each is imported only when it is used.
RUN_COMMANDS = (
    "forms",
    "documents",
    "audit",
    "users",
    "export",
    "backup",
    "restore",
    "doctor",
    "db",
)
COMMAND_MODULES = {"restore": "backup"}  # commands that share another's module


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in RUN_COMMANDS:
        name = COMMAND_MODULES.get(args.command, args.command)
        module = importlib.import_module(f"intake_app.commands.{name}")
        return int(module.run(args))
    if args.command in ("packet", "verify"):
        from intake_app.commands import packet

        if args.command == "verify":
            return packet.run_verify(args.file)
        return packet.run_packet(args.input, args.sample, args.out)
    if args.command == "screenshots":
        from intake_app.gui import screenshots

        return screenshots.render_all(args.out_dir)
    return _open_app(desk=args.command == "desk")


def _unexpected(exc: Exception) -> str:
    """One line naming only the kind of error: its message could hold patient data."""
    return (
        f"intake-app: unexpected error ({type(exc).__name__}). Its details are not shown "
        "because they could contain patient information; please report what you were doing."
    )


def _open_app(*, desk: bool = False) -> int:
    from intake_app.gui.launch import display_problem, no_usable_display, probe_display

    problem = display_problem()
    if problem:
        print(f"intake-app: {problem}", file=sys.stderr)
        return 2
    reason = probe_display()
    if reason:
        print(f"intake-app: {no_usable_display(reason)}", file=sys.stderr)
        return 2
    try:  # only the one that opens: the tablet starts without the desk's code
        if desk:
            from intake_app.gui.desk_app import run_desk as run_window
        else:
            from intake_app.gui.app import run as run_window
    except ImportError as exc:
        print(
            f"intake-app: Qt cannot start ({exc}). On Debian or Ubuntu install: "
            f"sudo apt-get install {QT_SYSTEM_PACKAGES}",
            file=sys.stderr,
        )
        return 2
    return run_window()


if __name__ == "__main__":
    raise SystemExit(main())
