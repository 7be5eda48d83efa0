"""Reading form files as YAML while remembering the line of every key.

A clinic edits form files by hand, so every problem must point at a line. The
loader builds ordinary dicts and lists that also carry the line they started on
and the line of each key, and refuses duplicate keys (plain YAML silently keeps
the last one, which would hide a clinical edit).

Only ``true`` and ``false`` are booleans here: YAML 1.1 would turn an option value
such as ``no`` or ``on`` into a boolean behind the author's back. A date that does
not exist (``2024-02-30``), blocks nested deeper than any form needs, and any other
failure while reading one file become a problem for that file, never a traceback.

libyaml (PyYAML's C parser) reads the text into nodes that know their lines; the
nodes become containers here, in Python, where the nesting limit is checked.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping from a form file, with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence from a form file, with the line of each element."""

    line: int = 0
    item_lines: list[int]


@dataclass(frozen=True)
class SourceProblem:
    """A problem found while reading a form file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FormFileError(Exception):
    """A form file could not be read; carries every problem found."""

    def __init__(self, problems: list[SourceProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# The shipped forms nest 11 levels (a condition inside a group child); 50 leaves room
# for deep all/any conditions and stops a runaway file before Python's own limit.
MAX_NESTING = 50


# libyaml scans, parses and composes: several times faster than PyYAML's own reader,
# which stays the fallback for a PyYAML built without libyaml.
if TYPE_CHECKING or yaml.__with_libyaml__:
    from yaml import CSafeLoader as _SafeLoader
else:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader


class _Loader(_SafeLoader):
    """A safe loader with line-aware containers, strict booleans and a nesting limit."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 1  # of the node being built: the document's top block is 1


def _check_nesting(loader: _Loader, child: yaml.Node) -> None:
    """A node one level below the block being built must stay within ``MAX_NESTING``."""
    if loader.depth + 1 > MAX_NESTING:
        raise _LineProblemError(child.start_mark.line + 1, _TOO_DEEP)


_TOO_DEEP = (
    f"blocks are nested more than {MAX_NESTING} levels deep here; no form needs "
    "that many (write the condition with fewer levels of 'all:' and 'any:')"
)


def _construct_child(loader: _Loader, child: yaml.Node) -> Any:
    _check_nesting(loader, child)
    loader.depth += 1
    try:
        return loader.construct_object(child, deep=True)
    finally:
        loader.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = _construct_child(loader, key_node)
        line = key_node.start_mark.line + 1
        if not isinstance(key, Hashable) or isinstance(key, (dict, list)):
            raise _LineProblemError(line, "a key must be plain text")
        key = str(key)
        if key in result:
            raise _LineProblemError(line, f"'{key}' appears twice in the same block")
        result[key] = _construct_child(loader, value_node)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(_construct_child(loader, child) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


class _LineProblemError(Exception):
    """A problem found while building the document, with the line it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date or time; one that does not exist is a problem on its line."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise _LineProblemError(
            node.start_mark.line + 1,
            f"'{node.value}' is written like a date but there is no such date ({exc}); "
            "write a real date such as 2025-01-31, or put the value in quotes if it is text",
        ) from exc


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@contextmanager
def problems_reported_for(path: Path) -> Iterator[None]:
    """Turn any unexpected failure while loading ``path`` into one problem for that file.

    A file the checks did not foresee must still end as ``file:line: message`` (and
    leave the other files to be checked), never as a traceback.
    """
    try:
        yield
    except FormFileError:
        raise
    except RecursionError as exc:
        message = "the file is nested too deeply to read; no form needs that many levels"
        raise FormFileError([SourceProblem(path, 1, message)]) from exc
    except Exception as exc:
        message = (
            f"this file could not be loaded ({type(exc).__name__}: {exc}); "
            "please report it together with the file"
        )
        raise FormFileError([SourceProblem(path, 1, message)]) from exc


def load_yaml(path: Path) -> Any:
    """Read one YAML file into line-aware containers, or raise FormFileError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormFileError([SourceProblem(path, 1, f"cannot read the file: {exc}")]) from exc
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> Any:
    """Parse YAML text that came from ``path``; every failure is a FormFileError."""
    with problems_reported_for(path):
        return _parse(text, path)


def _parse(text: str, path: Path) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except _LineProblemError as exc:
        raise FormFileError([SourceProblem(path, exc.line, exc.message)]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        if "nesting depth" in (exc.problem or ""):  # libyaml's own limit, far above ours
            raise FormFileError([SourceProblem(path, line, _TOO_DEEP)]) from exc
        detail = exc.problem or exc.context or "not valid YAML"
        raise FormFileError([SourceProblem(path, line, f"YAML syntax: {detail}")]) from exc
    except yaml.YAMLError as exc:
        raise FormFileError([SourceProblem(path, 1, f"YAML syntax: {exc}")]) from exc


def walk(document: Any, location: tuple[int | str, ...]) -> Iterator[tuple[Any, int]]:
    """The nodes along ``location`` (a path of keys and indexes), each with its line.

    Parts of the path that are not in the document (pydantic adds the names of
    union members) are skipped.
    """
    node = document
    for part in location:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, node.line)
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
        else:
            continue
        node = node[part]
        yield node, getattr(node, "line", line) or line


def line_of(document: Any, location: tuple[int | str, ...]) -> int:
    """The line in the file of the element at ``location``; the deepest line found wins."""
    line = getattr(document, "line", 1) or 1
    for _node, node_line in walk(document, location):
        line = node_line
    return line
