"""The sealed chart PDF: complete, every page footed, verifiable, never overwritten."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from intake_app.chart.document_files import DocumentExistsError, put_in_place, stage
from intake_app.chart.file_names import chart_file_name
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.settings import load_settings
from intake_app.storage.db import Database
from intake_app.storage.tables import Document, Intake
from tests.conftest import CLINIC_TOML, PRODUCT_TOML


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"INTAKE_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "intake_app", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def sample_packet(tmp_path_factory) -> tuple[Path, Path]:
    data_dir = tmp_path_factory.mktemp("data")
    clinic = data_dir / "clinic.toml"
    clinic.write_text(
        '[clinic]\nname = "Riverside Joint Clinic"\naddress = "12 River St"\n' + PRODUCT_TOML,
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("out")
    result = cli("packet", "--sample", "--out", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip()), data_dir


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def test_the_file_is_named_for_the_chart_and_lands_in_the_folder(sample_packet):
    pdf, _ = sample_packet
    assert pdf.name.startswith("NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204816_")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_every_page_has_the_footer_with_page_n_of_m(sample_packet):
    pdf, _ = sample_packet
    pages = pages_text(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert (
            "María José Núñez García" in flat and "DOB 1961-07-14" in flat and "MRN-204816" in flat
        )
        assert f"Page {number} of {len(pages)}" in flat
        assert "Form exosome-joint-intake 1.0" in flat and "Consent 1.0" in flat
        assert f"Document {pdf.stem.rsplit('_', 1)[-1]} |" in flat


def plain_text(pdf: Path) -> str:
    """The text with table cells read one after another, white space collapsed."""
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(raw.stdout.split())


def test_the_summary_answers_consent_and_signature_are_all_there(sample_packet):
    pdf, _ = sample_packet
    text = plain_text(pdf)
    assert "Riverside Joint Clinic" in text
    assert "Decision: the patient AGREED to the treatment." in text
    assert "Bleeding disorder, or takes an anticoagulant" in text
    for answer in ("Metformin", "Retired teacher", "172 pounds", "Left knee, Right knee"):
        assert answer in text
    assert "No exosome product is approved by the FDA" in text
    assert "Patient tapped “I understand” for this section" in text
    assert "Printed name: María José Núñez García" in text
    assert "Meaning of this signature: I have read this consent" in text


def test_the_chart_says_who_released_each_hold_and_what_was_answered_after_the_talk(
    sample_packet,
):
    pdf, _ = sample_packet
    text = plain_text(pdf)
    assert "Where the tablet held the patient for staff" in text
    assert re.search(
        r"Before the consent \(an interpreter or the language\): Rosa Díaz, RN \(with a "
        r"Spanish interpreter\) at 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d \S+: went on\.",
        text,
    )
    assert "A talk about questions or wrong answers: Rosa Díaz, RN at" in text
    assert (
        "Answered: \u201cIt is approved, because it is registered with the FDA.\u201d; talked over with "
        "staff at"
    ) in text
    assert (
        "answered again after the talk: \u201cThe FDA has not approved it for any health problem.\u201d "
        "(right)"
    ) in text
    assert "Agreement to sign electronically: I agree to sign on this tablet." in text


def test_each_flag_names_the_questions_and_answers_that_raised_it_in_words(sample_packet):
    pdf, _ = sample_packet
    text = plain_text(pdf)
    assert (
        "Do you take a blood thinner or a medicine that stops blood clots? "
        "This includes aspirin every day. \u2014 Yes" in text
    )
    # A flag raised in a table shows the whole row: the substance with its reaction.
    assert "Latex (rubber gloves or balloons) \u2014 Rash and itching \u2014 Mild" in text
    assert "Swelling; Stiffness in the morning; The joint gives way" in text
    assert "Body mass index (BMI) (calculated): 30.5" in text
    assert re.search(
        r"Days since the last steroid shot into a joint to be treated \(calculated\): \d+", text
    )
    for raw in ("blood_thinner", "allergy_substance", "= True", "['"):
        assert raw not in text


def test_all_fonts_are_embedded_and_none_is_a_base_14_font(sample_packet):
    pdf, _ = sample_packet
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        assert line.split()[-5] == "yes", f"not embedded: {line}"
        assert "Helvetica" not in line and "Times" not in line and "Courier" not in line


def test_verify_says_valid_for_the_file_and_invalid_after_one_changed_byte(sample_packet, tmp_path):
    pdf, data_dir = sample_packet
    good = cli("verify", str(pdf), data_dir=data_dir)
    assert good.returncode == 0, good.stdout
    assert "VALID: intact and sealed by the clinic" in good.stdout
    assert (
        "Document id: " in good.stdout
        and "Signer: Common Name: Riverside Joint Clinic chart seal" in good.stdout
    )
    data = bytearray(pdf.read_bytes())
    index = data.index(b"/Subject")
    data[index + 2] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    bad = cli("verify", str(changed), data_dir=data_dir)
    assert bad.returncode == 1
    assert "INVALID" in bad.stdout and "Traceback" not in bad.stdout + bad.stderr


def test_verify_refuses_a_file_sealed_by_another_key(sample_packet, tmp_path):
    from intake_app.chart.seal import ensure_clinic_keys

    pdf, _ = sample_packet
    ensure_clinic_keys(tmp_path / "other-clinic" / "keys", "Other clinic")
    other = cli("verify", str(pdf), data_dir=tmp_path / "other-clinic")
    assert other.returncode == 1
    assert "INVALID: the seal is not the clinic's" in other.stdout


def test_the_document_rows_keep_path_and_hash(sample_packet):
    # The chart document (whose path `packet` prints) and the patient's copy beside it.
    import hashlib

    pdf, data_dir = sample_packet
    database = Database(load_settings({"INTAKE_DATA_DIR": str(data_dir)}).database_url)
    with database.session() as session:
        rows = {row.kind: row for row in session.exec(select(Document))}
    database.dispose()
    assert sorted(rows) == ["chart_packet", "patient_copy"]
    assert Path(rows["chart_packet"].path) == pdf
    copy = Path(rows["patient_copy"].path)
    assert copy.parent == pdf.parent and copy.name.endswith(f"_COPY_{rows['patient_copy'].id}.pdf")
    for row in rows.values():
        assert row.sha256 == hashlib.sha256(Path(row.path).read_bytes()).hexdigest()


def configured(data_dir: Path) -> Path:
    """A data folder whose clinic file names the clinic and its product."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "clinic.toml").write_text(CLINIC_TOML + PRODUCT_TOML, encoding="utf-8")
    return data_dir


def test_an_invalid_input_lists_each_problem_by_item_and_stores_nothing(tmp_path):
    catalog = FormCatalog.from_folder(load_settings().forms_dir)
    data = _sample_input(catalog)
    data["answers"]["pain_now"] = 14
    data["answers"]["weight_lb"] = "heavy"
    del data["answers"]["phone"]
    data["consent"]["signature"] = [[{"x": 0.1, "y": 0.1, "t": 0}]]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = cli(
        "packet",
        "--input",
        str(source),
        "--out",
        str(tmp_path / "out"),
        data_dir=configured(tmp_path / "data"),
    )
    assert result.returncode == 2
    assert "answers.pain_now: Please choose a number from 0 to 10." in result.stderr
    assert "answers.weight_lb: Please enter a number." in result.stderr
    assert "consent.signature: the signature has too little ink to be a signature" in result.stderr
    assert not (tmp_path / "out").exists()
    database = Database(load_settings({"INTAKE_DATA_DIR": str(tmp_path / "data")}).database_url)
    with database.session() as session:
        assert session.exec(select(Intake)).all() == []
    database.dispose()


def test_a_missing_required_answer_is_named(tmp_path):
    catalog = FormCatalog.from_folder(load_settings().forms_dir)
    data = _sample_input(catalog)
    del data["answers"]["phone"]
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = cli(
        "packet",
        "--input",
        str(source),
        "--out",
        str(tmp_path / "out"),
        data_dir=configured(tmp_path / "data"),
    )
    assert result.returncode == 2
    assert "answers.phone: Please answer this question." in result.stderr
    assert SAMPLE_ANSWERS["phone"]


def test_a_chart_document_is_never_overwritten(tmp_path):
    first = tmp_path / "A.pdf"
    put_in_place(stage(first, "ID1", b"%PDF first"), first)
    with pytest.raises(DocumentExistsError):
        stage(first, "ID2", b"%PDF second")
    late = stage(tmp_path / "B.pdf", "ID3", b"%PDF second")
    with pytest.raises(DocumentExistsError):  # the name was taken after the staging
        put_in_place(late, first)
    assert first.read_bytes() == b"%PDF first"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".incoming-ID3.pdf", "A.pdf"]


def test_file_names_are_safe_on_any_disk():
    import datetime as dt

    name = chart_file_name("Núñez/García", "María José", dt.date(1961, 7, 14), "204 816", "ABC")
    assert name == "NUNEZ-GARCIA_MARIA-JOSE_1961-07-14_MRN-204-816_ABC.pdf"
    other = chart_file_name("王 محمد", "Nguyễn Thị", dt.date(1970, 2, 3), None, "XYZ")
    assert other == "王-محمد_NGUYEN-THI_1970-02-03_XYZ.pdf"


def test_every_page_renders_with_its_footer(sample_packet, qapp):
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    pdf, _ = sample_packet
    document = QPdfDocument()
    assert document.load(str(pdf)) == QPdfDocument.Error.None_
    assert document.pageCount() == len(pages_text(pdf))
    for page in range(document.pageCount()):
        image = document.render(page, QSize(612, 792))
        footer_ink = sum(
            1
            for x in range(0, 612, 2)
            for y in range(700, 770, 2)
            if image.pixelColor(x, y).lightness() < 128
        )
        body_ink = sum(
            1
            for x in range(0, 612, 3)
            for y in range(60, 680, 3)
            if image.pixelColor(x, y).lightness() < 128
        )
        assert footer_ink > 30, f"page {page + 1} has no footer"
        assert body_ink > 100, f"page {page + 1} is blank"


def test_every_answer_of_the_sample_is_in_the_pdf(sample_packet):
    from intake_app.questionnaire.display import format_answer
    from intake_app.questionnaire.model import GroupItem

    pdf, _ = sample_packet
    raw = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(raw.split())
    catalog = FormCatalog.from_folder(load_settings().forms_dir)
    form = catalog.get("exosome-joint-intake")
    for item_id, value in SAMPLE_ANSWERS.items():
        item = form.item(item_id)
        if isinstance(item, GroupItem):
            for row in value:
                for child in item.items:
                    if child.id in row:
                        assert (
                            " ".join(format_answer(child, row[child.id], "en").split()) in text
                        ), (item_id, child.id)
        else:
            assert " ".join(format_answer(item, value, "en").split()) in text, item_id


def test_a_table_row_with_a_huge_answer_never_stops_the_document(mini_form):
    from intake_app.chart.packet import PacketContent, build_packet
    from intake_app.questionnaire.visibility import resolve
    from tests.conftest import TODAY

    answers = {
        "had_injections": True,
        "injections": [{"kind": "other", "kind_other": "word " * 3000, "when": "2026-01"}],
    }
    content = PacketContent(
        document_id="HUGE", clinic_name="C", clinic_address="", clinic_phone="", patient_name="A B",
        date_of_birth="1970-01-01", mrn=None, questionnaire=mini_form, language="en",
        view=resolve(mini_form, answers, TODAY), flags=[], consent_title="T", consent_version="1",
        consent_text="T\n\nBody", consent_section_titles=[], acknowledgments={}, questions_raised=[],
        wrong_answers=[], decision="agree",
    )  # fmt: skip
    assert build_packet(content).startswith(b"%PDF")


def test_the_patient_copy_prints_every_page(sample_packet, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from intake_app.gui.printing import PdfPrintJob

    pdf, _ = sample_packet
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    job = PdfPrintJob(printer, pdf, 1)
    with qtbot.waitSignal(job.finished, timeout=30_000) as printed:
        job.start()
    assert printed.args == [True]
    assert len(pages_text(tmp_path / "printed.pdf")) == len(pages_text(pdf))
