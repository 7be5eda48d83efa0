"""Whole chart records made through ``intake-app packet``: a refusal, and names in many scripts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from intake_app.commands.packet import SAMPLE_CONSENT, _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.settings import load_settings
from tests.chart.test_packet import cli, pages_text, plain_text
from tests.chart.test_text import MARKUP, words_of
from tests.conftest import CLINIC_TOML, PRODUCT_TOML

GIVEN, FAMILY = "Nguyễn Thị 王小明", "محمد عبد الله"
ANSWERS = {
    "occupation": 'Giáo viên 教师 <img src="/etc/passwd"/>',
    "what_worsens": "معلم يمشي 65 دقيقة (كل يوم)",  # "a teacher walks 65 minutes (every day)"
    "what_helps": "Zoë Ñúñez-Łódź; 张伟 (Zhāng Wěi); Smith & <Jones>",
    "goals_activities": "<b>x</b> Đi bộ đến chợ. 去公园散步。 <font size=80> O'Brien <b>bold",
}
REFUSAL_MEANING = (
    "I have read this consent, or it was read to me in my language, my questions were answered, "
    "and I refuse the treatment."
)


def record(tmp_path: Path, changes: dict[str, Any]) -> Path:
    """Make a chart document from the sample input with some changes; return its path."""
    catalog = FormCatalog.from_folder(load_settings().forms_dir)
    data = _sample_input(catalog)
    for section, values in changes.items():
        data[section].update(values)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "d").mkdir(exist_ok=True)
    (tmp_path / "d" / "clinic.toml").write_text(CLINIC_TOML + PRODUCT_TOML, encoding="utf-8")
    result = cli(
        "packet", "--input", str(source), "--out", str(tmp_path / "out"), data_dir=tmp_path / "d"
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


@pytest.fixture(scope="module")
def many_scripts(tmp_path_factory) -> Path:
    names = {"given_names": GIVEN, "family_name": FAMILY}
    return record(
        tmp_path_factory.mktemp("scripts"),
        {
            "patient": names | {"mrn": "<b>x</b>"},
            "answers": ANSWERS,
            "consent": {
                "signed_name": f"{GIVEN} {FAMILY} Smith & <Jones>",
                # The typed name is not the registered one: staff accepted it.
                "released": SAMPLE_CONSENT["released"] | {"signed_name": {"by": "Joy <Park>"}},
            },
        },
    )


def test_a_refusal_prints_the_decision_and_the_refusal_meaning_by_the_signature(tmp_path):
    pdf = record(tmp_path, {"consent": {"decision": "refuse"}})
    assert "Decision: the patient REFUSED the treatment." in plain_text(pdf)
    [signed] = [page for page in pages_text(pdf) if "Patient signature" in page]
    flat = " ".join(signed.split())
    block = flat[flat.index("Patient signature") :]
    assert block.index("Printed name: María José Núñez García") < block.index("Signed: ")
    assert f"Meaning of this signature: {REFUSAL_MEANING}" in block
    assert "I agree to the treatment" not in block


def test_names_and_answers_in_five_scripts_and_markup_all_reach_the_record(many_scripts):
    text = plain_text(many_scripts)
    for piece in (
        "Nguyễn Thị",
        "王小明",
        "Giáo viên",
        "教师",
        "Zoë Ñúñez-Łódź",
        "张伟 (Zhāng Wěi)",
    ):
        assert piece in text
    for piece in (*MARKUP, "Đi bộ đến chợ.", "去公园散步。"):
        assert piece in text
    assert "Printed name: Nguyễn Thị 王小明" in text and "Smith & <Jones>" in text
    words = words_of(many_scripts.read_bytes())
    for arabic in ("محمد", "عبد", "معلم", "(كل", "يوم)", "65"):
        assert any(w.reads(arabic) for w in words), arabic
    assert "Characters this document cannot show" not in text


def test_a_record_in_many_scripts_embeds_every_font(many_scripts):
    fonts = subprocess.run(
        ["pdffonts", str(many_scripts)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = " ".join(line.split()[0] for line in fonts)
    assert "DejaVuSans" in names and "NotoSansArabic" in names and "DroidSansFallback" in names
    for line in fonts:
        assert line.split()[-5] == "yes", f"not embedded: {line}"


def test_the_footer_of_every_page_names_the_patient_and_the_document(many_scripts):
    document_id = many_scripts.stem.rsplit("_", 1)[-1]
    pages = pages_text(many_scripts)
    for number, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert f"Document {document_id} |" in flat and f"Page {number} of {len(pages)}" in flat
        assert "Patient: Nguyễn Thị 王小明" in flat and "MRN <b>x</b>" in flat
