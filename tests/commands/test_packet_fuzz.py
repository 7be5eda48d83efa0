"""``intake-app packet --input`` fed broken files: a clear refusal or a whole, sealed record.

Where ``test_packet_hostile`` puts hostile JSON into some fields, this fuzzes the file
itself (empty, truncated, bytes that are not UTF-8) and every field of the sample
input in turn, one at a time, with a value of the wrong type, unknown ids, NUL bytes,
control characters and lone surrogates (as JSON escapes), or leaves it out; so most
examples reach the checks deep inside. Every run ends with exit 2 and problem lines
that name the field (or the file), in plain words with no control character and no
traceback, storing nothing; or with exit 0 and a chart document whose seal holds.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.chart.seal import clinic_certificate
from intake_app.chart.verify import verify_pdf
from intake_app.cli import main
from intake_app.settings import load_settings
from tests.commands.test_packet_input import stored_rows

EXAMPLES = int(os.environ.get("INTAKE_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXHAUSTIVE = settings(FUZZ, max_examples=EXAMPLES * 20)
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
LONGEST_LINE = 1000  # a problem line is read by a person: it never repeats a huge value


def field_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every field of the input, objects and lists too, each as its path from the top."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += field_paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:2]):  # the first two of a list are enough
            found += field_paths(inner, (*path, index))
    return found


def changed(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of ``data`` with the field at ``path`` set to ``value`` (``REMOVE``: left out)."""
    copied = json.loads(json.dumps(data))
    target = copied
    for part in path[:-1]:
        target = target[part]
    if value is REMOVE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return copied


REMOVE = object()
NASTY = ["\x00", "\x07", "\x1b[31m", "\r", "\t", "\x7f", "\x85", "\u2028", "\ufeff", "\u202e"]
LONE_SURROGATE = "@@SURROGATE@@"  # written into the file as the JSON escape \ud800
DEEP = "@@DEEP"  # "@@DEEP300@@" is written into the file as 300 nested lists


def _text() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.text(max_size=8), st.sampled_from([*NASTY, LONE_SURROGATE]))
    short = st.lists(pieces, max_size=5).map("".join)
    huge = st.builds(lambda piece, n: piece * n, pieces.filter(bool), st.integers(1000, 20000))
    unknown = st.sampled_from(["no-such-form", "9.9", "xx", "no_such_item", "knee:nowhere"])
    return st.one_of(short, huge, unknown)


def _value() -> st.SearchStrategy[Any]:
    """Any JSON value, the wrong type for most fields."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        _text(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(_text(), inner, max_size=3)
        ),
        max_leaves=5,
    )


def _deep() -> st.SearchStrategy[str]:
    """Lists nested hundreds deep, written into the file as text (see ``write_input``)."""
    return st.integers(50, 5000).map(lambda n: f"{DEEP}{n}@@")


def write_input(folder: Path, data: Any) -> Path:
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace(LONE_SURROGATE, "\\ud800")
    text = re.sub(f'"{DEEP}(\\d+)@@"', lambda deep: "[" * int(deep[1]) + "]" * int(deep[1]), text)
    source = folder / "fuzzed.json"
    source.write_text(text, encoding="utf-8")
    return source


def run_file(source: Path, capsys) -> tuple[int, str, str]:
    code = main(["packet", "--input", str(source), "--out", str(source.parent / "out")])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_outcome(code: int, out: str, err: str, before: dict[str, int], names: list[str]):
    """Exit 2 with problem lines naming one of ``names``, nothing stored; or exit 0 with a
    whole record and a chart document whose seal holds."""
    assert code in (0, 2), err
    assert "Traceback" not in err and "unexpected error" not in err, err
    after = stored_rows()
    if code == 2:
        assert after == before, f"a refused file stored something: {err}"
        lines = err.splitlines()
        assert lines and any(name in line for line in lines for name in names), err
        for line in lines:
            assert not CONTROL.search(line), f"a control character in {line!r}"
            assert len(line) <= LONGEST_LINE, f"a problem line of {len(line)} characters"
        return
    grown = {table: after[table] - before[table] for table in after}
    assert grown["intake"] == 1 and grown["consent_record"] == 1 and grown["document"] == 2
    chart = Path(out.strip().splitlines()[-1])
    certificate = clinic_certificate(load_settings().keys_dir)
    assert verify_pdf(chart.read_bytes(), certificate).valid


def field_name(path: tuple[str | int, ...]) -> list[str]:
    """How the problem lines may name the field at ``path``: itself or a field holding it."""
    names = []
    for end in range(len(path), 0, -1):
        dotted = ".".join(str(part) for part in path[:end] if isinstance(part, str))
        names.append(dotted)
    return [name for name in names if name]


def _fuzz_a_field(sample, tmp_path, capsys, pick, value) -> None:
    paths = field_paths(sample)
    path = paths[pick % len(paths)]
    source = write_input(tmp_path, changed(sample, path, value))
    before = stored_rows()
    names = field_name(path)
    if isinstance(value, str) and value.startswith(DEEP):  # the JSON reader refuses the file
        names.append(str(source))
    if path[0] == "answers":  # a valid answer that raises a STOP flag: its hold is missing
        names.append("consent.released.")
    check_outcome(*run_file(source, capsys), before, names)


@FUZZ
@given(pick=st.integers(0, 10_000), value=st.one_of(_value(), _deep(), st.just(REMOVE)))
def test_any_field_of_a_wrong_type_or_value_is_named_or_the_record_is_whole(
    sample, tmp_path, capsys, pick, value
):
    _fuzz_a_field(sample, tmp_path, capsys, pick, value)


@pytest.mark.exhaustive
@EXHAUSTIVE
@given(pick=st.integers(0, 10_000), value=st.one_of(_value(), _deep(), st.just(REMOVE)))
def test_many_fields_of_a_wrong_type_or_value_are_named_or_the_record_is_whole(
    sample, tmp_path, capsys, pick, value
):
    _fuzz_a_field(sample, tmp_path, capsys, pick, value)


@FUZZ
@given(pick=st.integers(0, 10_000), key=_text())
def test_an_unknown_field_anywhere_is_named(sample, tmp_path, capsys, pick, key):
    objects = [path for path in field_paths(sample) if isinstance(_at(sample, path), dict)]
    path = objects[pick % len(objects)]
    source = write_input(tmp_path, changed(sample, (*path, key or "x"), "unknown"))
    before = stored_rows()
    check_outcome(*run_file(source, capsys), before, field_name(path))


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


# --- the file itself --------------------------------------------------------------------


def _broken_file(sample: dict[str, Any]) -> st.SearchStrategy[bytes]:
    whole = json.dumps(sample, ensure_ascii=False, indent=1).encode("utf-8")
    cut = st.integers(0, len(whole) - 1).map(lambda n: whole[:n])
    bad_bytes = st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xfe\xff"])
    spoiled = st.tuples(st.integers(0, len(whole)), bad_bytes).map(
        lambda at: whole[: at[0]] + at[1] + whole[at[0] :]
    )
    odd = st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b"null", b"[]", b'"text"', b"\x00" * 9])
    return st.one_of(cut, spoiled, odd, st.binary(max_size=64))


@FUZZ
@given(data=st.data())
def test_a_broken_file_is_refused_naming_the_file(sample, tmp_path, capsys, data):
    source = tmp_path / "fuzzed.json"
    source.write_bytes(data.draw(_broken_file(sample)))
    before = stored_rows()
    code, out, err = run_file(source, capsys)
    check_outcome(code, out, err, before, [str(source)])
    if code == 2:
        assert len(err.splitlines()) == 1, err


# --- what the fuzzing found -------------------------------------------------------------


def test_an_unknown_field_named_with_a_lone_surrogate_is_refused_not_a_crash(
    sample, tmp_path, capsys
):
    # Printing its name once ended the command with "unexpected error (UnicodeEncodeError)".
    source = write_input(tmp_path, changed(sample, ("patient", LONE_SURROGATE), "x"))
    code, _, err = run_file(source, capsys)
    assert code == 2
    assert "patient.\\ud800: not a field here" in err
    assert stored_rows()["intake"] == 0


def test_a_field_name_with_terminal_codes_is_shown_escaped(sample, tmp_path, capsys):
    # An escape sequence in a field's name once went raw to the terminal with the problem.
    source = write_input(tmp_path, changed(sample, ("consent", "\x1b[2J\x07"), "x"))
    code, _, err = run_file(source, capsys)
    assert code == 2
    assert "consent.\\x1b[2J\\x07: not a field here" in err
    assert "\x1b" not in err and "\x07" not in err


def test_a_huge_value_repeated_in_a_problem_is_shortened(sample, tmp_path, capsys):
    path = ("consent", "comprehension", "fda_approved")
    source = write_input(tmp_path, changed(sample, path, "approved " * 5000))
    code, _, err = run_file(source, capsys)
    assert code == 2
    [line] = [line for line in err.splitlines() if "fda_approved" in line]
    assert len(line) <= LONGEST_LINE and "characters left out" in line
    assert line.startswith("consent.comprehension.fda_approved: the patient's answer is")
    assert "; use one of: " in line
