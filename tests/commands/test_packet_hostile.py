"""``intake-app packet --input`` under hostile input: a refusal naming the field, or a whole
record; never a crash ("unexpected error", exit 70) and never part of a record."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.cli import main
from tests.commands.test_packet_input import (
    change,
    nothing_stored,
    run_packet,
    stored_rows,
)

HOSTILE = "@@HOSTILE@@"
# About half a second each; a longer run: INTAKE_FUZZED_FILES=3000 ./run-tests tests/commands
FUZZED_FILES = int(os.environ.get("INTAKE_FUZZED_FILES", "40"))
# Where a hostile value goes: names, numbers, dates, choices, rows, the consent, the strokes.
FIELDS = [
    "patient.given_names",
    "patient.family_name",
    "patient.mrn",
    "patient.date_of_birth",
    "answers.phone",
    "answers.what_helps",
    "answers.pain_now",
    "answers.last_a1c",
    "answers.symptoms",
    "answers.symptoms.0",
    "answers.prior_injections",
    "answers.prior_injections.0.injection_date",
    "answers.target_joints.0",
    "consent.signed_name",
    "consent.signature",
    "consent.signature.0.0",
    "consent.signature.0.0.x",
    "consent.comprehension.fda_approved",
    "consent.released",
    "consent.talked.by",
    "consent.witness",
    "consent.acknowledged.0",
    "language",
    "form",
    "version",
]
NASTY_CHARACTERS = (
    "\u202e\u202b\u2066\u2069\u200b\u200e\ufeff\u00ad\r\n\t\x00\x1b\x85\x9b\u2028\u2029"
    "\ud800\udfff\ufdd0\uffff\u0661\uff11<>&\"'\\/"
)


def _text() -> st.SearchStrategy[str]:
    """JSON text: scripts, markup, controls, bidi marks, lone surrogates, very long."""
    characters = st.one_of(st.characters(), st.sampled_from(NASTY_CHARACTERS))
    short = st.text(characters, max_size=40)
    long = st.builds(
        lambda s, n: s * n, st.text(characters, min_size=1, max_size=4), st.integers(50, 3000)
    )
    return st.one_of(short, long).map(json.dumps)


def _deep() -> st.SearchStrategy[str]:
    return st.integers(100, 5000).map(lambda n: "[" * n + "]" * n)


def _raw_json() -> st.SearchStrategy[str]:
    scalars = st.one_of(
        _text(),
        st.integers(-(10**20), 10**20).map(str),
        st.integers(300, 6000).map(lambda n: "9" * n),  # Python refuses 4301 digits and more
        st.sampled_from(["1e309", "-1e400", "1e308", "NaN", "Infinity", "-0.0", "true", "null"]),
        st.floats(allow_nan=False, allow_infinity=False).map(json.dumps),
    )
    nested = st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda items: "[" + ",".join(items) + "]"),
            st.dictionaries(_text(), inner, max_size=3).map(
                lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs.items()) + "}"
            ),
        ),
        max_leaves=6,
    )
    return st.one_of(nested, _deep())


def with_hostile(data: dict, path: str, raw: str) -> str:
    """The input file's text with the field at ``path`` replaced by the raw JSON ``raw``."""
    changed = change_at(data, path, HOSTILE)
    return json.dumps(changed, ensure_ascii=False).replace(json.dumps(HOSTILE), raw, 1)


def change_at(data: dict, path: str, value) -> dict:
    """``change`` with list positions too ("answers.symptoms.0")."""
    parts = path.split(".")
    if not any(part.isdigit() for part in parts):
        return change(data, path, value)
    copied = json.loads(json.dumps(data))
    target = copied
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    target[int(last) if last.isdigit() else last] = value
    return copied


def run_text(text: str, folder) -> int:
    source = folder / "hostile.json"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    return main(["packet", "--input", str(source), "--out", str(folder / "out")])


@settings(
    max_examples=FUZZED_FILES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(FIELDS), raw=_raw_json())
def test_any_hostile_field_is_a_refusal_naming_it_or_a_whole_record(
    sample, tmp_path, capsys, path, raw
):
    before = stored_rows()
    code = run_text(with_hostile(sample, path, raw), tmp_path)
    err = capsys.readouterr().err
    assert code in (0, 2), err
    assert "unexpected error" not in err and "Traceback" not in err
    after = stored_rows()
    if code == 2:
        assert after == before, "a refused file stored something"
        assert "nothing was stored" in err or "hostile.json" in err
    else:
        grown = {table: after[table] - before[table] for table in after}
        assert grown["intake"] == 1 and grown["consent_record"] == 1
        assert grown["document"] == 2  # the chart document and the patient's copy


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("[" * 3000 + "]" * 3000, "nested too deeply"),
        ("9" * 5000, "not a usable JSON file"),
        ("1e400", "answers.pain_now"),
        ('[["swelling"]]', "answers.symptoms"),
    ],
)
def test_what_once_crashed_is_now_a_plain_refusal(sample, tmp_path, capsys, raw, said):
    path = "answers.symptoms" if raw.startswith('[["') else "answers.pain_now"
    assert run_text(with_hostile(sample, path, raw), tmp_path) == 2
    err = capsys.readouterr().err
    assert said in err and "unexpected error" not in err
    assert nothing_stored()


@pytest.mark.parametrize("field", ["patient.given_names", "patient.family_name", "patient.mrn"])
def test_a_lone_surrogate_in_a_name_is_refused_naming_the_field(sample, tmp_path, capsys, field):
    assert run_text(with_hostile(sample, field, '"Ana\\ud800"'), tmp_path) == 2
    assert f"{field}: use one line of text" in capsys.readouterr().err
    assert nothing_stored()


@pytest.mark.parametrize(
    "case",
    [
        ("patient.given_names", "\u202eMaría José", "patient.given_names: holds an invisible"),
        ("patient.mrn", "MRN-204816\u200b", "patient.mrn: holds an invisible"),
        ("patient.family_name", "Núñez\u2028García", "patient.family_name: use one line"),
        ("consent.signed_name", "x", "consent.signed_name: shares no name"),
        ("consent.signed_name", "true", "consent.signed_name: shares no name"),
        (
            "consent.signature",
            [[{"x": 0.1 * i, "y": 0.1, "t": i, "pressure": 1} for i in range(9)]],
            "consent.signature[0][0]: 'pressure' is not a field of a point",
        ),
        ("answers.what_helps", "Rest\x85ice", "answers.what_helps: Your answer contains"),
        ("answers.phone", "555\u2029010", "answers.phone: Please keep this answer on one line"),
    ],
)
def test_hidden_characters_and_no_name_are_refused_naming_the_field(sample, tmp_path, capsys, case):
    field, value, said = case
    data = change(sample, field, value)
    if field == "consent.signed_name":  # even with staff named as accepting it
        data = change(data, "consent.released.signed_name", {"by": "Rosa Díaz, RN"})
    assert run_packet(data, tmp_path) == 2
    assert said in capsys.readouterr().err
    assert nothing_stored()


def test_an_output_folder_that_cannot_be_written_stores_nothing(sample, tmp_path, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    source = tmp_path / "in.json"
    source.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    assert main(["packet", "--input", str(source), "--out", str(blocked)]) == 2
    assert "--out: cannot write documents to" in capsys.readouterr().err
    assert nothing_stored()
    # the retry, to a folder that works, stores the intake once
    assert main(["packet", "--input", str(source), "--out", str(tmp_path / "out")]) == 0
    assert stored_rows()["intake"] == 1
