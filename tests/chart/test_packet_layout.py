"""The chart PDF's layout holds whatever the patient typed: footer, tables, headings, signatures."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from intake_app.chart.ink import render_png, sample_strokes
from intake_app.chart.packet import FlagLine, PacketContent, SignatureBlock, build_packet
from intake_app.forms.catalog import load_questionnaire
from intake_app.kiosk.sample import SAMPLE_ANSWERS
from intake_app.questionnaire.form import Questionnaire
from intake_app.questionnaire.visibility import resolve
from tests.chart.test_text import Word, lines_of, the_word, words_of
from tests.conftest import TODAY

LETTER = (612.0, 792.0)
SIGNED = dt.datetime(2026, 11, 25, 15, 0, 0, tzinfo=dt.UTC)


def content_for(form: Questionnaire, answers: dict[str, Any], **changes: Any) -> PacketContent:
    fields: dict[str, Any] = {
        "document_id": "DOC-7Q2X",
        "clinic_name": "Riverside Joint Clinic",
        "clinic_address": "",
        "clinic_phone": "",
        "patient_name": "Ana Ruiz",
        "date_of_birth": "1970-01-01",
        "mrn": "MRN-1",
        "questionnaire": form,
        "language": "en",
        "view": resolve(form, answers, TODAY),
        "flags": [],
        "consent_title": "Consent",
        "consent_version": "1.0",
        "consent_text": "Consent\n\nBody of the consent.",
        "consent_section_titles": [],
        "acknowledgments": {},
        "questions_raised": [],
        "wrong_answers": [],
        "decision": "agree",
    }
    return PacketContent(**(fields | changes))


def page_texts(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return [" ".join(page.split()) for page in text.stdout.decode().split("\f")[:-1]]


def inside_the_page(word: Word) -> bool:
    width, height = LETTER
    return 0 <= word.x_min <= word.x_max <= width and 0 <= word.y_min <= word.y_max <= height


def test_a_footer_with_200_character_names_and_mrn_keeps_page_n_of_m_on_every_page(intake_form):
    # Names and MRN are cut with an ellipsis to one line; the document id, versions and
    # "Page N of M" have a line of their own that always prints inside the page.
    given, family, mrn = "Gabriela" * 25, "Fernández" * 22 + "ab", "M" * 200
    content = content_for(
        intake_form, dict(SAMPLE_ANSWERS), patient_name=f"{given} {family}", mrn=mrn
    )
    pdf = build_packet(content)
    pages, words = page_texts(pdf), words_of(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert (
            f"Document DOC-7Q2X | Form exosome-joint-intake 1.0 | Consent 1.0 | Page {number} of {len(pages)}"
            in page
        )
        assert "| DOB 1970-01-01 | MRN MMMM" in page and "\u2026" in page
    assert all(inside_the_page(w) for w in words)
    footers = [w.page for w in words if w.text == "DOC-7Q2X" and w.y_min > 700]
    assert footers == list(range(1, len(pages) + 1))  # at the foot of every page


@pytest.mark.parametrize(
    "given",
    [
        "\u202eAna",  # right-to-left override, never closed
        "\u202bAna",  # right-to-left embedding
        "\u2067Ana",  # right-to-left isolate, never closed
        "Ana\u2069\u202e",  # a stray "pop isolate", then an override
        "\u0639\u0645\u0631",  # an Arabic name: right to left, with no control at all
    ],
)
def test_a_direction_control_in_a_name_reorders_nothing_outside_it(intake_form, given):
    """Stored before names were checked (or by another program): the footer of every page
    still reads name, then date of birth, then MRN, each in order."""
    content = content_for(
        intake_form,
        dict(SAMPLE_ANSWERS),
        patient_name=f"{given} Smith",
        date_of_birth="1950-05-06",
        mrn="12345-MRN",
    )
    pdf = build_packet(content)
    words, pages = words_of(pdf), page_texts(pdf)
    for number in range(1, len(pages) + 1):
        label = next(
            w for w in words if w.page == number and w.text == "Patient:" and w.y_min > 700
        )
        line = [w for w in words if w.page == number and abs(w.middle - label.middle) < 4]
        drawn = [w.text for w in sorted(line, key=lambda w: w.x_min)]
        assert drawn[0] == "Patient:"
        assert drawn[-6:] == ["|", "DOB", "1950-05-06", "|", "MRN", "12345-MRN"]
    assert "Date of birth: 1950-05-06" in pages[0] and "MRN: 12345-MRN" in pages[0]


def test_a_footer_line_too_long_for_the_page_is_set_smaller_not_cut(intake_form):
    content = content_for(intake_form, {}, document_id="D" * 120, consent_version="9" * 40)
    pdf = build_packet(content)
    pages = page_texts(pdf)
    for number, page in enumerate(pages, start=1):
        assert f"Document {'D' * 120} |" in page and f"Page {number} of {len(pages)}" in page
    assert all(inside_the_page(w) for w in words_of(pdf))


def test_the_creation_date_is_the_real_time_unless_a_test_asks_for_invariant_output(mini_form):
    content = content_for(mini_form, {})
    made = re.search(rb"/CreationDate \(D:(\d{8})", build_packet(content))
    assert made is not None
    today = dt.datetime.now().astimezone()
    days = {f"{today + dt.timedelta(days=d):%Y%m%d}".encode() for d in (-1, 0, 1)}
    assert made.group(1) in days
    same = build_packet(content, invariant=True)
    assert same == build_packet(content, invariant=True)
    assert b"/CreationDate (D:20000101" in same


def wide_form(tmp_path: Path, columns: int, question: str = "Column question") -> Questionnaire:
    """A form with one repeating group of ``columns`` long-text questions (English and Spanish)."""
    children = "".join(
        f"          - {{id: c{i}, type: long_text, text: {{en: '{question} {i}', es: 'P {i}'}}}}\n"
        for i in range(columns)
    )
    source = tmp_path / "wide.yaml"
    source.write_text(
        "form: wide\nversion: '1'\nstatus: active\ntitle: {en: Wide, es: Ancho}\n"
        "languages: [en, es]\nsections:\n  - id: s\n    title: {en: Section, es: Parte}\n"
        "    items:\n      - id: rows\n        type: group\n        text: {en: Rows, es: Filas}\n"
        "        items:\n" + children,
        encoding="utf-8",
    )
    return load_questionnaire(source)


@pytest.mark.parametrize("columns", [6, 10])
def test_no_table_overflows_a_page_whatever_its_columns_or_cells(tmp_path, columns):
    # A row taller than a page splits inside the row; nothing raises LayoutError and
    # nothing is lost: every character of the unbroken 300-letter word is printed.
    form = wide_form(tmp_path, columns)
    word = "\u0436" * 300  # a letter found nowhere else in the document
    long_cell = " ".join(["lorem ipsum dolor"] * 35) + " " + word  # about 900 characters
    rows = [{f"c{i}": long_cell for i in range(columns)} for _ in range(2)]
    rows.append({"c0": "quokka " * 715, "c1": word})  # a 5000-character answer
    flags = [FlagLine("stop", "Message " * 600, "Trigger " * 625), FlagLine("note", word, word)]
    pdf = build_packet(content_for(form, {"rows": rows}, flags=flags))
    text = "".join(page_texts(pdf))
    assert text.count("\u0436") == 300 * (2 * columns + 1 + 2)
    assert text.count("quokka") == 715 and text.count("Trigger") == 625
    assert all(inside_the_page(w) for w in words_of(pdf))


def test_a_header_row_taller_than_a_page_share_does_not_stop_the_table(tmp_path):
    form = wide_form(tmp_path, 10, question="A very long question text " * 25)
    rows = [{f"c{i}": "word " * 120 for i in range(10)} for _ in range(3)]
    assert build_packet(content_for(form, {"rows": rows})).startswith(b"%PDF")


def test_a_group_column_hidden_in_every_row_is_left_out(mini_form):
    answers = {
        "had_injections": True,
        "injections": [
            {"kind": "steroid", "joints": ["knee:left"], "when": "2025-01"},
            {"kind": "steroid", "joints": ["hip:right"], "when": "2024-03"},
        ],
    }
    text = " ".join(page_texts(build_packet(content_for(mini_form, answers))))
    assert "Kind Where? When?" in text and "What kind?" not in text


def test_a_hidden_cell_is_blank_where_another_row_shows_the_column(mini_form):
    answers = {
        "had_injections": True,
        "injections": [
            {"kind": "steroid", "joints": ["knee:left"], "when": "2025-01"},
            {"kind": "other", "kind_other": "Ozone", "joints": ["hip:right"], "when": "2024-03"},
        ],
    }
    words = words_of(build_packet(content_for(mini_form, answers)))
    left, right = the_word(words, "What").x_min, the_word(words, "kind?").x_max
    steroid = next(line for line in lines_of(words) if any(w.text == "Steroid" for w in line))
    assert not [w for w in steroid if w.x_max > left and w.x_min < right]
    assert abs(the_word(words, "Ozone").x_min - left) < 2
    assert "Not answered" not in " ".join(w.text for w in steroid)


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(mini_form):
    for filler in range(30, 62):
        text = "\n\n".join(["Consent", *[f"Line {n} of the consent." for n in range(filler)]])
        content = content_for(
            mini_form,
            {},
            consent_text=text + "\n\nRisks and side effects\n\nThe first line about risks.",
            consent_section_titles=["Risks and side effects"],
        )
        pages = page_texts(build_packet(content))
        [heading] = [p for p in pages if "Risks and side effects" in p]
        assert "The first line about risks." in heading, f"heading alone with {filler} lines"


def signatures(meaning: str, png: bytes) -> list[SignatureBlock]:
    witness = "As witness, I saw the patient sign this consent."
    return [
        SignatureBlock("patient", "Ana Ruiz", SIGNED, "UTC", meaning, png),
        SignatureBlock(
            "witness", "Rosa Díaz", SIGNED + dt.timedelta(minutes=5), "UTC", witness, png, "Nurse"
        ),
    ]


def image_pages(pdf: bytes, tmp_path: Path) -> list[int]:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [int(line.split()[0]) for line in listing if line.split()[2] == "image"]


def test_the_patient_and_witness_signature_blocks_never_split_across_pages(mini_form, tmp_path):
    # However long the consent, each block's image, printed name, time and meaning
    # print on one page.
    meaning = "I have read this consent, my questions were answered, and I agree."
    png = render_png(sample_strokes(), width=300)  # small: the layout is what is tested
    for filler in range(0, 52):
        text = "\n\n".join(["Consent", *[f"Line {n} of the consent." for n in range(filler)]])
        content = content_for(mini_form, {}, consent_text=text, signatures=signatures(meaning, png))
        pdf = build_packet(content)
        pages = page_texts(pdf)
        patient_image, witness_image = image_pages(pdf, tmp_path)
        blocks = [
            (patient_image, "Patient signature", "Printed name: Ana Ruiz", "Signed: 2026-11-25", "15:00:00 UTC)", meaning),
            (witness_image, "Witness signature (Nurse)", "Printed name: Rosa Díaz", "Signed: 2026-11-25", "15:05:00 UTC)", "As witness, I saw"),
        ]  # fmt: skip
        for image, *lines in blocks:
            for line in lines:
                assert line in pages[image - 1], f"{line!r} not with its signature ({filler} lines)"


def first_page_text(pdf: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(text.stdout.decode().split())


@pytest.mark.parametrize("count", [1, 10, 40])
def test_the_nurse_summary_starts_on_page_1_however_many_flags(intake_form, count):
    # A flag table taller than the rest of page 1 used to move, with the summary's
    # heading and the decision, to page 2, leaving page 1 with the header only.
    message = "Steroid injection into a joint to be treated within the last 6 months. " * 2
    flags = [
        FlagLine("stop" if n == 0 else "review", f"Flag {n + 1}: {message}", "Question? Yes")
        for n in range(count)
    ]
    pdf = build_packet(content_for(intake_form, dict(SAMPLE_ANSWERS), flags=flags))
    page = first_page_text(pdf)
    assert "Summary for the nurse" in page
    assert "Decision: the patient AGREED to the treatment." in page
    assert "STOP - do not inject until a clinician decides Flag 1: Steroid injection" in page
    assert page.index("Document id: DOC-7Q2X") < page.index("Summary for the nurse")
    if count >= 10:
        assert "Flag 5:" in page, "the table fills page 1 and goes on on page 2"


def test_the_sample_chart_starts_its_summary_on_page_1_under_the_header(intake_form):
    flags = [FlagLine("review", "Bleeding disorder, or takes an anticoagulant", "Yes")]
    pdf = build_packet(content_for(intake_form, dict(SAMPLE_ANSWERS), flags=flags))
    page = first_page_text(pdf)
    assert "Summary for the nurse Decision: the patient AGREED to the treatment." in page
    assert "Bleeding disorder, or takes an anticoagulant" in page


def test_the_note_on_characters_no_font_has_is_in_the_patients_language(intake_form):
    # A Spanish patient's copy says it in Spanish; the staff chart says it in both.
    from intake_app.chart.packet import build_packet
    from intake_app.chart.patient_copy import build_patient_copy

    content = content_for(intake_form, {}, language="es", patient_name="Ana ᚠ Ruiz")
    copy = " ".join(" ".join(page_texts(build_patient_copy(content, invariant=True))).split())
    assert "Caracteres que este documento no puede mostrar: U+16A0" in copy
    assert "Characters this document cannot show" not in copy
    chart = " ".join(" ".join(page_texts(build_packet(content, invariant=True))).split())
    assert (
        "Characters this document cannot show / Caracteres que este documento no puede mostrar"
        in chart
    )
