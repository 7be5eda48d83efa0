"""The plain facts one intake's export is built from, filled by the export service.

Nothing here reads storage: the service gathers the stored intake, consent records
and documents into these values, and the builders turn them into FHIR resources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from intake_app.questionnaire.form import Questionnaire


@dataclass(frozen=True)
class PatientFacts:
    given_names: str
    family_name: str
    date_of_birth: dt.date
    mrn: str | None


@dataclass(frozen=True)
class Signing:
    """One signature on the tablet: who signed, when, a witness, who released holds."""

    signed_name: str
    signed_at: dt.datetime
    witness_name: str | None = None
    witness_role: str | None = None
    witness_signed_at: dt.datetime | None = None
    # (name, what they released), e.g. ("Dr Ines Ito", "the hold before the decision")
    released_by: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ConsentFacts:
    consent_id: str
    consent_version: str
    decision: str  # agree | refuse
    signing: Signing
    withdrawal: Signing | None = None  # the signed withdrawal of an agreement, if any


@dataclass(frozen=True)
class DocumentFacts:
    """One sealed PDF of the intake, with its hashes taken from the file itself."""

    document_id: str
    kind: str  # chart_packet | withdrawal | review_addendum
    file_name: str
    size_bytes: int
    sha1_base64: str
    sha256_hex: str
    created_at: dt.datetime


@dataclass(frozen=True)
class IntakeFacts:
    """Everything one intake's Bundle says."""

    intake_id: str
    patient: PatientFacts
    questionnaire: Questionnaire
    answers: dict[str, Any]  # the answers that count (hidden ones pruned), by item id
    completed_at: dt.datetime
    consent: ConsentFacts | None
    documents: list[DocumentFacts] = field(default_factory=list)
    mrn_system: str = ""
    canonical_base: str = ""

    def document(self, kind: str) -> DocumentFacts | None:
        """The intake's (first) document of this kind, if it was made."""
        return next((d for d in self.documents if d.kind == kind), None)
