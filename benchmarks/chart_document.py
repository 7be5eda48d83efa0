"""The sample chart document built and sealed, against plain reportlab; and its verification.

``python -m benchmarks.chart_document DIR ROUNDS`` stores the sample intake as
``intake-app packet --sample`` does (data folder ``DIR``), gathers its chart content as
the documents service does, then ``ROUNDS`` times, interleaved: plain reportlab
building as many pages of text as the chart document has (the baseline), then the
app building and sealing the chart document. Then it verifies the sealed document
``ROUNDS`` times (``chart.verify.verify_pdf``, what ``intake-app verify`` checks).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time
from pathlib import Path
from typing import Any

TEXT = (
    "The patient was told what the treatment is, what is known and not known about it, "
    "its risks and side effects, the other choices, and what it costs. "
)
WORDS = TEXT.split()


PARAGRAPHS_A_PAGE, WORDS_A_PARAGRAPH = 6, 70


def sample_content(folder: Path) -> tuple[Any, Any, Path]:
    """The sample intake's chart content, the clinic's seal keys and its certificate."""
    from sqlmodel import select

    from intake_app.chart.seal import ensure_clinic_keys
    from intake_app.commands.packet import run_packet
    from intake_app.forms.catalog import FormCatalog
    from intake_app.services.document_content import packet_content
    from intake_app.settings import load_settings
    from intake_app.storage.db import Database
    from intake_app.storage.tables import Intake

    os.environ["INTAKE_DATA_DIR"] = str(folder / "data")
    settings = load_settings()
    if run_packet(None, True, folder / "out") != 0:
        raise RuntimeError("intake-app packet --sample failed")
    catalog = FormCatalog.from_folder(settings.forms_dir)
    database = Database(settings.database_url)
    with database.session() as session:
        intake = session.exec(select(Intake)).one()
        content = packet_content(session, intake=intake, catalog=catalog, settings=settings,
                                 today=dt.date.today(), document_id="BENCH")  # fmt: skip
    database.dispose()
    keys = ensure_clinic_keys(settings.keys_dir, "Bench clinic")
    return content, keys, settings.keys_dir / "clinic-seal-cert.pem"


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def plain_reportlab(pages: int) -> bytes:
    """``pages`` letter pages of plain paragraphs built with platypus, as many words a page
    as the sample chart document has (about 4,500 words on 11 pages)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"]
    story: list[Any] = []
    for page in range(pages):
        for line in range(PARAGRAPHS_A_PAGE):
            words = [WORDS[(page + line + n) % len(WORDS)] for n in range(WORDS_A_PARAGRAPH)]
            story.append(Paragraph(" ".join(words), style))
        story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=letter).build(story[:-1])
    return out.getvalue()


def measure(folder: Path, rounds: int) -> dict[str, Any]:
    from intake_app.chart.packet import build_packet
    from intake_app.chart.seal import seal_pdf
    from intake_app.chart.verify import verify_pdf

    content, keys, certificate = sample_content(folder)
    sealed = seal_pdf(build_packet(content), keys, reason="bench")  # warm: fonts, imports
    pages = page_count(sealed)
    if page_count(plain_reportlab(pages)) != pages:
        raise RuntimeError("the plain reportlab document does not have the chart's page count")
    app_times, bare_times, verify_times = [], [], []
    for _ in range(rounds):
        start = time.perf_counter()
        plain_reportlab(pages)
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        sealed = seal_pdf(build_packet(content), keys, reason="bench")
        app_times.append(time.perf_counter() - start)
    for _ in range(rounds):
        start = time.perf_counter()
        verdict = verify_pdf(sealed, certificate)
        verify_times.append(time.perf_counter() - start)
        if not verdict.valid:
            raise RuntimeError("the sealed sample document does not verify")
    return {"pages": pages, "app": app_times, "bare": bare_times, "verify": verify_times}


if __name__ == "__main__":
    from benchmarks.child import say

    say(measure(Path(sys.argv[1]), int(sys.argv[2])))
