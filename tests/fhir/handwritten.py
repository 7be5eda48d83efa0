"""A Questionnaire written by hand as another system would send it: a knee follow-up.

It uses what the import must handle: nested groups, a repeated group, enableWhen with
every operator and both behaviours, a contained value set, open choice, quantity,
dateTime, read-only text, maxLength and required; every text in English and Spanish.
"""

from __future__ import annotations

from typing import Any

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
HL7 = "http://hl7.org/fhir/StructureDefinition/"


def text(en: str, es: str, key: str = "text") -> dict[str, Any]:
    """``text`` in English with its Spanish translation extension."""
    spanish = [{"url": "lang", "valueCode": "es"}, {"url": "content", "valueString": es}]
    return {key: en, f"_{key}": {"extension": [{"url": TRANSLATION, "extension": spanish}]}}


def coding(code: str, en: str, es: str) -> dict[str, Any]:
    return {"valueCoding": {"code": code, **text(en, es, "display")}}


def when(question: str, operator: str, **answer: Any) -> dict[str, Any]:
    return {"question": question, "operator": operator, **answer}


SIDES = {
    "resourceType": "ValueSet",
    "id": "knee-sides",
    "status": "active",
    "compose": {
        "include": [
            {
                "system": "http://example.org/knee-side",
                "concept": [
                    {
                        "code": "L",
                        "display": "Left",
                        "designation": [{"language": "es", "value": "Izquierda"}],
                    },
                    {
                        "code": "R",
                        "display": "Right",
                        "designation": [{"language": "es", "value": "Derecha"}],
                    },
                ],
            }
        ]
    },
}

SURGERY = {
    "linkId": "surgery",
    "type": "group",
    **text("About the surgery", "Sobre la cirugía"),
    "enableWhen": [when("had-surgery", "=", answerBoolean=True)],
    "item": [
        {"linkId": "surgery-date", "type": "date", **text("When was it?", "¿Cuándo fue?")},
        {
            "linkId": "surgery-side",
            "type": "choice",
            "answerValueSet": "#knee-sides",
            **text("Which knee?", "¿Qué rodilla?"),
        },
        {
            "linkId": "surgeon-group",
            "type": "group",
            "item": [
                {
                    "linkId": "surgeon",
                    "type": "string",
                    "maxLength": 80,
                    **text("Surgeon", "Cirujano"),
                }
            ],
        },
    ],
}

GENERAL = {
    "linkId": "general",
    "type": "group",
    **text("Your knee", "Su rodilla"),
    "item": [
        {
            "linkId": "had-surgery",
            "type": "boolean",
            "required": True,
            **text("Knee surgery?", "¿Cirugía de rodilla?"),
        },
        SURGERY,
        {
            "linkId": "pain",
            "type": "integer",
            "required": True,
            "extension": [
                {"url": HL7 + "minValue", "valueInteger": 0},
                {"url": HL7 + "maxValue", "valueInteger": 10},
            ],
            **text("Pain today, 0 to 10", "Dolor hoy, de 0 a 10"),
        },
        {
            "linkId": "weight",
            "type": "quantity",
            "extension": [{"url": HL7 + "questionnaire-unit", "valueCoding": {"code": "kg"}}],
            **text("Your weight", "Su peso"),
        },
        {
            "linkId": "walking-aid",
            "type": "open-choice",
            "answerOption": [
                coding("cane", "A cane", "Un bastón"),
                coding("walker", "A walker", "Un andador"),
            ],
            **text("What helps you walk?", "¿Qué le ayuda a caminar?"),
        },
        {
            "linkId": "last-dose",
            "type": "dateTime",
            **text("Last pain pill", "Última pastilla para el dolor"),
        },
        {
            "linkId": "bring",
            "type": "string",
            "readOnly": True,
            "initial": [{"valueString": "X-rays"}],
            **text("Please bring", "Por favor traiga"),
        },
    ],
}

MEDICINES = {
    "linkId": "medicines",
    "type": "group",
    "repeats": True,
    "required": True,
    **text("Your pain medicines", "Sus medicamentos para el dolor"),
    "item": [
        {"linkId": "medicine-name", "type": "string", "required": True, **text("Name", "Nombre")},
        {
            "linkId": "how-often",
            "type": "choice",
            "answerOption": [
                coding("daily", "Every day", "Cada día"),
                coding("weekly", "Every week", "Cada semana"),
            ],
            **text("How often?", "¿Con qué frecuencia?"),
        },
        {
            "linkId": "dose",
            "type": "decimal",
            "enableWhen": [when("how-often", "=", answerCoding={"code": "daily"})],
            **text("Dose in mg", "Dosis en mg"),
        },
    ],
}

FOLLOW_UP = {
    "linkId": "follow-up",
    "type": "group",
    **text("More about the pain", "Más sobre el dolor"),
    "enableWhen": [when("pain", ">=", answerInteger=7), when("pain", "<=", answerInteger=2)],
    "enableBehavior": "any",
    "item": [
        {
            "linkId": "pain-story",
            "type": "text",
            "enableWhen": [when("pain", ">", answerInteger=5), when("pain", "<", answerInteger=9)],
            "enableBehavior": "all",
            **text("Tell us about it", "Cuéntenos"),
        },
        {
            "linkId": "still-swollen",
            "type": "boolean",
            "enableWhen": [
                when(
                    "surgery-side",
                    "!=",
                    answerCoding={"system": "http://example.org/knee-side", "code": "L"},
                ),
                when("walking-aid", "exists", answerBoolean=True),
            ],
            "enableBehavior": "all",
            **text("Is it still swollen?", "¿Sigue hinchada?"),
        },
        MEDICINES,
    ],
}

KNEE_FOLLOW_UP: dict[str, Any] = {
    "resourceType": "Questionnaire",
    "language": "en",
    "url": "http://example.org/fhir/Questionnaire/knee-follow-up",
    "name": "KneeFollowUp",
    "version": "2.0",
    "status": "active",
    **text("Knee follow-up", "Seguimiento de la rodilla", "title"),
    "contained": [SIDES],
    "item": [GENERAL, FOLLOW_UP],
}
