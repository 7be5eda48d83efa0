"""The fixed words the chart documents print, in English and Spanish.

A document made for the patient (their copy of the consent, a withdrawal) is
wholly in the patient's language. The staff chart of a visit in another language
prints each label in English and that language, English first
("Printed name / Nombre en letra de molde"), so the nurse and a patient or
interpreter can both read it; an English visit's chart is English only. Flag
messages are not labels: they are written for staff and stay in English. Dates
and times are printed as numbers (YYYY-MM-DD HH:MM) that both can read.

Labels are plain text (never reportlab markup); ``{name}`` marks a value filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

ENGLISH = "en"
SEPARATOR = " / "

LABELS: dict[str, dict[str, str]] = {
    # Headers and footers
    "clinic": {"en": "Clinic", "es": "Clínica"},
    "chart_title": {
        "en": "Patient intake and informed consent: chart record",
        "es": "Cuestionario del paciente y consentimiento informado: registro clínico",
    },
    "withdrawal_title": {"en": "Withdrawal of consent", "es": "Retiro del consentimiento"},
    "review_title": {"en": "Review of the intake", "es": "Revisión del cuestionario"},
    "copy_title": {
        "en": "Your copy of the consent you signed",
        "es": "Su copia del consentimiento que firmó",
    },
    "patient": {"en": "Patient", "es": "Paciente"},
    "date_of_birth": {"en": "Date of birth", "es": "Fecha de nacimiento"},
    "dob": {"en": "DOB", "es": "Fecha de nac."},
    "mrn": {"en": "MRN", "es": "N.º de expediente"},
    "document_id": {"en": "Document id", "es": "N.º de documento"},
    "document": {"en": "Document", "es": "Documento"},
    "form": {"en": "Form", "es": "Formulario"},
    "consent": {"en": "Consent", "es": "Consentimiento"},
    "page": {"en": "Page {page} of {total}", "es": "Página {page} de {total}"},
    # The nurse's summary
    "summary": {"en": "Summary for the nurse", "es": "Resumen para la enfermera"},
    "decision_agree": {
        "en": "Decision: the patient AGREED to the treatment.",
        "es": "Decisión: el paciente ACEPTÓ el tratamiento.",
    },
    "decision_refuse": {
        "en": "Decision: the patient REFUSED the treatment.",
        "es": "Decisión: el paciente RECHAZÓ el tratamiento.",
    },
    "decision_other": {"en": "Decision: {decision}.", "es": "Decisión: {decision}."},
    "severity": {"en": "Severity", "es": "Gravedad"},
    "flag": {"en": "Flag", "es": "Alerta"},
    "flag_answers": {"en": "Answers that raised it", "es": "Respuestas que la causaron"},
    "severity_stop": {
        "en": "STOP - do not inject until a clinician decides",
        "es": "ALTO - no inyectar hasta que decida un clínico",
    },
    "severity_review": {"en": "Review", "es": "Revisar"},
    "severity_note": {"en": "Note", "es": "Nota"},
    "no_flags": {"en": "No flags were raised.", "es": "No se marcó ninguna alerta."},
    "questions_raised": {
        "en": "Questions the patient raised",
        "es": "Preguntas que hizo el paciente",
    },
    "question_about": {
        "en": "About \u201c{section}\u201d at {when}",
        "es": "Sobre \u201c{section}\u201d: {when}",
    },
    "wrong_answers": {
        "en": "Comprehension answers that were wrong",
        "es": "Respuestas equivocadas en las preguntas de comprensión",
    },
    "answered": {"en": "Answered", "es": "Respondió"},
    "talked_over": {
        "en": "talked over with staff at {when}",
        "es": "hablado con el personal: {when}",
    },
    "none": {"en": "None.", "es": "Ninguna."},
    # Answers
    "answers": {
        "en": "Answers ({form} version {version}, {language})",
        "es": "Respuestas ({form} versión {version}, {language})",
    },
    "calculated_values": {"en": "Calculated values", "es": "Valores calculados"},
    "calculated": {"en": "calculated", "es": "calculado"},
    "not_calculated": {
        "en": "not calculated (missing answers)",
        "es": "no calculado (faltan respuestas)",
    },
    # The consent and the signatures
    "consent_as_shown": {
        "en": "Consent as shown to the patient (version {version})",
        "es": "Consentimiento tal como se le mostró al paciente (versión {version})",
    },
    "acknowledged": {
        "en": "Patient tapped \u201cI understand\u201d for this section at {when}.",
        "es": "El paciente tocó \u201cEntiendo\u201d en esta sección: {when}.",
    },
    "patient_signature": {"en": "Patient signature", "es": "Firma del paciente"},
    "witness_signature": {"en": "Witness signature", "es": "Firma del testigo"},
    "witness_meaning": {
        "en": "As witness, I saw the patient sign this consent.",
        "es": "Como testigo, vi al paciente firmar este consentimiento.",
    },
    "printed_name": {"en": "Printed name", "es": "Nombre en letra de molde"},
    "signed": {"en": "Signed", "es": "Firmado"},
    "meaning": {"en": "Meaning of this signature", "es": "Significado de esta firma"},
    "withdraws": {
        "en": (
            "This withdraws the patient's agreement to the treatment signed on {signed} "
            "(consent {consent} version {version}, record {record})."
        ),
        "es": (
            "Con este documento, el paciente retira el acuerdo con el tratamiento que firmó "
            "el {signed} (consentimiento {consent} versión {version}, registro {record})."
        ),
    },
    # The patient's copy
    "your_decision_agree": {
        "en": "Your decision: you agreed to the treatment.",
        "es": "Su decisión: usted aceptó el tratamiento.",
    },
    "your_decision_refuse": {
        "en": "Your decision: you did not want the treatment.",
        "es": "Su decisión: usted no quiso el tratamiento.",
    },
    "problem_after_shot": {
        "en": "If you have a problem after the shot",
        "es": "Si tiene un problema después de la inyección",
    },
    "questions_later": {"en": "If you have questions", "es": "Si tiene preguntas"},
    "call_clinic_phone": {"en": "Call {clinic} at {phone}.", "es": "Llame a {clinic} al {phone}."},
    "call_clinic": {"en": "Call {clinic}.", "es": "Llame a {clinic}."},
    "the_clinic": {"en": "the clinic", "es": "la clínica"},
    "unshown": {
        "en": "Characters this document cannot show",
        "es": "Caracteres que este documento no puede mostrar",
    },
    "signed_electronically": {
        "en": "Agreement to sign electronically",
        "es": "Acuerdo para firmar electrónicamente",
    },
    # Holds: where the tablet stopped the patient until staff released them
    "holds": {
        "en": "Where the tablet held the patient for staff",
        "es": "Dónde la tableta detuvo al paciente para el personal",
    },
    "hold_line": {
        "en": "{hold}: {by} at {when}: {choice}.",
        "es": "{hold}: {by}, {when}: {choice}.",
    },
    "talk_note": {"en": "What was talked over: {note}", "es": "De qué se habló: {note}"},
    "hold_before_consent": {
        "en": "Before the consent (an interpreter or the language)",
        "es": "Antes del consentimiento (intérprete o idioma)",
    },
    "hold_before_decision": {
        "en": "Before the decision (STOP flags)",
        "es": "Antes de la decisión (alertas de ALTO)",
    },
    "hold_discussion": {
        "en": "A talk about questions or wrong answers",
        "es": "Una conversación sobre preguntas o respuestas equivocadas",
    },
    "hold_identity": {
        "en": "The patient said the name or date of birth was wrong",
        "es": "El paciente dijo que el nombre o la fecha de nacimiento eran incorrectos",
    },
    "hold_signed_name": {
        "en": "The typed name differs from the registered name",
        "es": "El nombre escrito no es el registrado",
    },
    "choice_continue": {"en": "went on", "es": "continuó"},
    "choice_end_visit": {
        "en": "ended the visit (nothing signed)",
        "es": "terminó la visita (no se firmó nada)",
    },
    "choice_corrected": {"en": "corrected the details", "es": "corrigió los datos"},
    # The registered identity
    "identity": {"en": "Name and date of birth", "es": "Nombre y fecha de nacimiento"},
    "identity_confirmed": {
        "en": "The patient confirmed them at {when}.",
        "es": "El paciente los confirmó: {when}.",
    },
    "identity_disputed": {
        "en": "The patient said they were wrong at {when}.",
        "es": "El paciente dijo que eran incorrectos: {when}.",
    },
    "identity_corrected": {
        "en": "{by} corrected them at {when}; before: {old}.",
        "es": "{by} los corrigió: {when}; antes: {old}.",
    },
    "answered_again": {
        "en": "answered again after the talk",
        "es": "respondió de nuevo después de la conversación",
    },
    "right": {"en": "right", "es": "correcta"},
    "wrong": {"en": "wrong", "es": "incorrecta"},
}
LANGUAGES = frozenset.intersection(*(frozenset(entry) for entry in LABELS.values()))


@dataclass(frozen=True)
class Labels:
    """The labels of one document: in one language, or in English and another."""

    languages: tuple[str, ...]

    def __call__(self, key: str, **values: str | Label) -> str:
        """The label in each language, joined with " / " (once when they read the same)."""
        return SEPARATOR.join(self._texts(key, values))

    def lines(self, key: str, **values: str | Label) -> str:
        """The label in each language, one language a line (for a title)."""
        return "\n".join(self._texts(key, values))

    def _texts(self, key: str, values: dict[str, str | Label]) -> list[str]:
        entry = LABELS[key]
        texts = (
            entry.get(language, entry[ENGLISH]).format(**_in(values, language))
            for language in self.languages
        )
        return list(dict.fromkeys(texts))


@dataclass(frozen=True)
class Label:
    """A value that is itself a label, said in each language of the line it goes into."""

    key: str


def _in(values: dict[str, str | Label], language: str) -> dict[str, str]:
    return {
        name: (
            LABELS[value.key].get(language, LABELS[value.key][ENGLISH])
            if isinstance(value, Label)
            else value
        )
        for name, value in values.items()
    }


def for_patient(language: str) -> Labels:
    """A document the patient reads: their language only (English when it has no labels)."""
    return Labels((language if language in LANGUAGES else ENGLISH,))


def for_staff(language: str) -> Labels:
    """The staff chart: English, and the patient's language when it is another one."""
    if language == ENGLISH or language not in LANGUAGES:
        return Labels((ENGLISH,))
    return Labels((ENGLISH, language))
