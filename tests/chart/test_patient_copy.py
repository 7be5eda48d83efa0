"""The patient's own copy, and every label in the patient's language (bilingual on the chart)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from intake_app.chart.labels import LABELS
from intake_app.commands.packet import _sample_input
from intake_app.forms.catalog import FormCatalog
from intake_app.settings import load_settings
from tests.chart.test_packet import cli
from tests.conftest import PRODUCT_TOML

CLINIC = '[clinic]\nname = "Ribera Joint Care"\naddress = "12 River St"\nphone = "(555) 010-0100"\n'
# English-only labels the tester found in a Spanish patient's documents, and others like them.
ENGLISH_LABELS = [
    "Patient", "Date of birth", "DOB", "MRN", "Document id", "Document", "Form", "Consent",
    "Page", "Printed name", "Signed", "Meaning of this signature", "None", "Patient signature",
    "Witness signature", "Summary for the nurse", "Decision", "Your decision",
    "If you have a problem after the shot", "Call", "Your copy of the consent you signed",
    "Withdrawal of consent", "This withdraws",
]  # fmt: skip


def label_words(language: str) -> list[str]:
    """Each label's fixed words in ``language`` (up to its first value), for a search."""
    fixed = (entry[language].split("{")[0] for entry in LABELS.values())
    words = {re.sub(r"^\W+|\W+$", "", text) for text in fixed}
    return sorted(w for w in words if len(w) >= 3)


def found(words: list[str], text: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def text_of(pdf: Path, *pages: int) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    raw = subprocess.run(["pdftotext", *span, str(pdf), "-"], capture_output=True, text=True)
    return " ".join(raw.stdout.split())


def sign(data_dir: Path, out: Path, language: str, decision: str = "agree") -> tuple[Path, Path]:
    """A visit signed through `intake-app packet`: (the chart document, the patient's copy)."""
    data = _sample_input(FormCatalog.from_folder(load_settings().forms_dir))
    data["language"] = language
    if language == "es":  # she prefers Spanish: read in Spanish, nothing holds her
        data["consent"]["released"] = {}
    data["consent"]["decision"] = decision
    data["patient"]["mrn"] = "204816"  # no English word in the value
    source = out.with_suffix(".json")
    source.write_text(json.dumps(data), encoding="utf-8")
    result = cli("packet", "--input", str(source), "--out", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    chart = Path(result.stdout.strip())
    [copy] = [p for p in out.iterdir() if "_COPY_" in p.name]
    return chart, copy


@pytest.fixture(scope="module")
def visits(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    data_dir = tmp_path_factory.mktemp("data")
    (data_dir / "clinic.toml").write_text(CLINIC + PRODUCT_TOML, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    return {
        name: sign(data_dir, out / name, language, decision)
        for name, language, decision in (
            ("en", "en", "agree"),
            ("es", "es", "agree"),
            ("es-refuse", "es", "refuse"),
        )
    } | {"data_dir": (data_dir, data_dir)}


def test_the_copy_is_the_consent_as_signed_with_no_answers_flags_or_staff_notes(visits):
    _, copy = visits["en"]
    text = text_of(copy)
    assert text.startswith("Ribera Joint Care 12 River St (555) 010-0100")
    assert "Your copy of the consent you signed Patient: María José Núñez García" in text
    assert "Date of birth: 1961-07-14" in text
    assert "Consent for an exosome injection into a joint" in text
    assert "No exosome product is approved by the FDA" in text  # the consent as shown
    assert "Your decision: you agreed to the treatment. Patient signature" in text
    assert "Printed name: María José Núñez García" in text
    assert re.search(r"Signed: \d{4}-\d\d-\d\d \d\d:\d\d", text)
    assert "Meaning of this signature: I have read this consent" in text
    assert "If you have a problem after the shot Call Ribera Joint Care at (555) 010-0100." in text
    document_id = copy.stem.rsplit("_", 1)[-1]
    footer = "Patient: María José Núñez García | DOB 1961-07-14 | MRN 204816 "
    assert f"{footer}Document {document_id} | Consent 1.0 | Page 1 of " in text
    assert text.count("MedWatch") == 1, "the consent's own MedWatch line, not a second one"
    staff_only = [
        "Summary for the nurse", "Bleeding disorder", "EXO-OA01", "Metformin", "Retired teacher",
        "Answers (", "Calculated values", "I understand", "talked over", "exosome-joint-intake",
    ]  # fmt: skip
    assert [s for s in staff_only if s in text] == []


def test_the_copy_and_the_chart_are_both_sealed_and_listed(visits):
    from intake_app.chart.seal import clinic_certificate
    from intake_app.chart.verify import verify_pdf

    data_dir, _ = visits["data_dir"]
    certificate = clinic_certificate(load_settings({"INTAKE_DATA_DIR": str(data_dir)}).keys_dir)
    for chart, copy in (visits["en"], visits["es"]):
        assert verify_pdf(copy.read_bytes(), certificate).valid
        assert verify_pdf(chart.read_bytes(), certificate).valid
    listed = cli("documents", "list", data_dir=data_dir).stdout
    for _, copy in (visits["en"], visits["es"]):
        document_id = copy.stem.rsplit("_", 1)[-1]
        assert f"\t{document_id}\tpatient_copy\t{copy.name}\t" in listed


def test_a_spanish_patients_copy_has_no_english_label(visits):
    _, copy = visits["es"]
    text = text_of(copy)
    assert found(ENGLISH_LABELS + label_words("en"), text) == []
    assert "Su copia del consentimiento que firmó Paciente: María José Núñez García" in text
    assert "Fecha de nacimiento: 1961-07-14" in text
    assert "Su decisión: usted aceptó el tratamiento. Firma del paciente" in text
    assert "Nombre en letra de molde: María José Núñez García" in text
    assert re.search(r"Firmado: \d{4}-\d\d-\d\d \d\d:\d\d", text)
    assert "Significado de esta firma: He leído este consentimiento" in text
    assert "Si tiene un problema después de la inyección Llame a Ribera Joint Care al (555)" in text
    assert "Paciente: María José Núñez García | Fecha de nac. 1961-07-14" in text
    assert "Página 1 de" in text


def test_a_refusal_copy_says_so_in_the_patients_words(visits):
    _, copy = visits["es-refuse"]
    text = text_of(copy)
    assert "Su decisión: usted no quiso el tratamiento." in text
    assert "Si tiene preguntas Llame a Ribera Joint Care" in text
    assert "después de la inyección Llame" not in text
    assert found(ENGLISH_LABELS + label_words("en"), text) == []


def test_a_spanish_visits_chart_has_every_label_in_english_and_spanish(visits):
    chart, _ = visits["es"]
    text = text_of(chart)
    for bilingual in (
        "Summary for the nurse / Resumen para la enfermera",
        "Decision: the patient AGREED to the treatment. / Decisión: el paciente ACEPTÓ el tratamiento.",
        "Severity / Gravedad",
        "Review / Revisar",
        "Questions the patient raised / Preguntas que hizo el paciente",
        "Calculated values / Valores calculados",
        "Consent as shown to the patient (version 1.0) / Consentimiento tal como se le mostró",
        "Patient signature / Firma del paciente",
        "Printed name / Nombre en letra de molde: María José Núñez García",
        "Meaning of this signature / Significado de esta firma: He leído",
        "Patient / Paciente: María José Núñez García | DOB / Fecha de nac. 1961-07-14",
    ):
        assert bilingual in text, bilingual
    assert re.search(r"\| Page 1 of (\d+) / Página 1 de \1 ", text), "the footer"
    # Flags are written for staff and stay in English.
    assert "Bleeding disorder, or takes an anticoagulant" in text


def test_an_english_visit_has_no_spanish_label(visits):
    for document in visits["en"]:
        text = text_of(document)
        assert found(label_words("es"), text) == [], document.name
        assert "Printed name" in found(label_words("en"), text), "the search finds labels"


def test_a_withdrawal_in_spanish_is_wholly_in_spanish(tmp_path, monkeypatch):
    import datetime as dt

    from sqlmodel import select

    from intake_app.chart.ink import render_png, sample_strokes
    from intake_app.consent.document import show_withdrawal
    from intake_app.services.filing import make_withdrawal_document
    from intake_app.storage.consents import Signature, withdraw_consent
    from intake_app.storage.db import Database, utc_now
    from intake_app.storage.tables import ConsentRecord

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "clinic.toml").write_text(CLINIC + PRODUCT_TOML, encoding="utf-8")
    sign(data_dir, tmp_path / "out", "es")
    monkeypatch.setenv("INTAKE_DATA_DIR", str(data_dir))
    settings = load_settings()
    catalog = FormCatalog.from_folder(settings.forms_dir)
    shown = show_withdrawal(catalog.consent(), "es", settings.clinic)
    strokes = sample_strokes()
    signature = Signature("María José Núñez García", strokes, render_png(strokes), utc_now(), "UTC")
    database = Database(settings.database_url)
    with database.session() as session:
        [original] = session.exec(select(ConsentRecord)).all()
        record = withdraw_consent(
            session, original=original, shown=shown, meaning=shown.meaning, signature=signature
        )
        document = make_withdrawal_document(
            session, record_id=record.id, catalog=catalog, settings=settings, today=dt.date.today()
        )
    database.dispose()
    text = text_of(Path(document.path))
    assert found(ENGLISH_LABELS + label_words("en"), text) == []
    assert "Retiro del consentimiento Paciente: María José Núñez García" in text
    assert "Con este documento, el paciente retira el acuerdo con el tratamiento" in text
    assert "Firma del paciente Nombre en letra de molde: María José Núñez García" in text
    assert "Significado de esta firma: " + shown.meaning in text
