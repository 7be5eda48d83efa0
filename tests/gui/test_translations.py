"""Every interface string has a Spanish translation, and the compiled file matches."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from intake_app.paths import resources_dir

TS_FILE = resources_dir() / "translations" / "intake_es.ts"
GUI_SOURCES = sorted((Path(__file__).resolve().parents[2] / "intake_app" / "gui").rglob("*.py"))


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    found = {}
    for context in tree.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found[(name, message.findtext("source"))] = message.find("translation")
    return found


def test_every_string_has_a_finished_spanish_translation():
    unfinished = [
        source
        for (_, source), t in messages(TS_FILE).items()
        if t.get("type") == "unfinished" or not t.text
    ]
    assert unfinished == []


def test_the_translation_file_knows_every_string_in_the_interface(tmp_path):
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [str(lupdate), *map(str, GUI_SOURCES), "-ts", str(fresh)], check=True, capture_output=True
    )
    missing = set(messages(fresh)) - set(messages(TS_FILE))
    assert missing == set(), "run scripts/update-translations and translate the new strings"


def test_the_compiled_translation_is_current(tmp_path):
    compiled = tmp_path / "es.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run(
        [str(lrelease), str(TS_FILE), "-qm", str(compiled)], check=True, capture_output=True
    )
    assert compiled.read_bytes() == TS_FILE.with_suffix(".qm").read_bytes()


# Spanish a tester found wrong: "Siga a su decisión" (go on to it: "Pase a"), "Sigue con"
# (said to the patient: "Siga con"), asking or handing back "en la recepción" (to the desk:
# "a la recepción"), "Bienvenido" (not everyone: "Le damos la bienvenida").
WRONG_SPANISH = {
    r"\bSiga a\b": "Pase a ...",
    r"\bSigue con\b": "Siga con ...",
    r"(?i)\b(pid|pregunt|devuelv|dig)\w*\b[^.?!]*\ben la recepción": "... a la recepción",
    r"(?<!la )\b[Bb]ienvenid[oa]s?\b": "Le damos la bienvenida",
}


def test_no_wrong_spanish_phrasing_comes_back():
    texts = [t.text or "" for t in messages(TS_FILE).values()]
    forms = Path(__file__).resolve().parents[2] / "forms"
    texts += [path.read_text(encoding="utf-8") for path in sorted(forms.rglob("*.yaml"))]
    found = [
        f"{text[:60]}...: use {better}"
        for pattern, better in WRONG_SPANISH.items()
        for text in texts
        if re.search(pattern, text)
    ]
    assert found == []
