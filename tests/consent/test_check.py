"""`forms check` checks consent documents too: file, line and problem."""

from __future__ import annotations

import re

import pytest

from intake_app.consent.check import MUST_SAY, REQUIRED_SECTIONS, ConsentChecker, MustSay
from intake_app.consent.model import ConsentDefinition
from intake_app.form_files.source import FormFileError, load_yaml
from intake_app.forms.catalog import check_forms, load_form_file
from tests.consent.conftest import SHIPPED_CONSENT

GOOD = SHIPPED_CONSENT.read_text(encoding="utf-8")


def problems_after(tmp_path, old: str, new: str) -> tuple[int, list[str]]:
    assert old in GOOD, old
    path = tmp_path / "consent.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        load_form_file(path)
    line = GOOD[: GOOD.index(old)].count("\n") + 1
    return line, [str(p).split(":", 1)[1] for p in caught.value.problems]


def test_the_shipped_consent_passes_the_check():
    report = check_forms([SHIPPED_CONSENT])
    assert report.problems == [] and len(report.consents) == 1


def test_a_comprehension_answer_that_is_not_an_option(tmp_path):
    line, problems = problems_after(tmp_path, "correct: not_approved", "correct: not_aproved")
    assert problems == [f"{line}: 'not_aproved' is not one of the options"]


def test_a_misspelled_consent_key_gets_a_suggestion_from_the_consents_own_keys(tmp_path):
    # "body" is a consent section's key, not a questionnaire's.
    old = '    title: {en: "What this treatment is", es: "Qué es este tratamiento"}\n    body:'
    new = old.replace("    body:", "    bdy:")
    _, problems = problems_after(tmp_path, old, new)
    assert any("unknown key 'bdy' (did you mean 'body'?)" in p for p in problems)


def test_an_unknown_placeholder_is_named(tmp_path):
    _, problems = problems_after(tmp_path, "The maker is {manufacturer}.", "The maker is {maker}.")
    assert any(p.endswith("unknown placeholder '{maker}'") for p in problems)


def test_text_too_hard_for_a_consent_is_refused(tmp_path):
    hard = (
        "Intra-articular administration of heterogeneous extracellular vesicle preparations "
        "demonstrated no statistically significant improvement in visual analogue scale "
        "measurements relative to normal saline administration."
    )
    _, problems = problems_after(tmp_path, "It may not help at all.", " ".join([hard] * 6))
    assert any("'benefits' reads at grade" in p for p in problems)


def section_block(section_id: str) -> str:
    """The YAML text of one section, from its separator comment to the next."""
    start = GOOD.index(f"  - id: {section_id}\n")
    end = GOOD.find("  # -----", start)
    return GOOD[start : end if end != -1 else GOOD.index("\ncomprehension:", start)]


@pytest.mark.parametrize("section_id", list(REQUIRED_SECTIONS))
def test_a_consent_without_a_required_section_is_refused(tmp_path, section_id):
    # Comprehension questions that point at the removed section are repointed first,
    # so the only problem left is the missing section.
    text = GOOD.replace(section_block(section_id), "")
    text = text.replace(f"section: {section_id}\n", "section: what_it_is\n")
    if section_id == "what_it_is":
        text = text.replace("section: what_it_is\n", "section: cost\n")
    path = tmp_path / "consent.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        load_form_file(path)
    messages = [str(p).split(": ", 1)[1] for p in caught.value.problems]
    assert (
        f"the required section '{section_id}' ({REQUIRED_SECTIONS[section_id]}) is missing"
        in messages
    )


def definition_without(raw: dict, rule: MustSay, language: str) -> dict:
    """The consent's data with every match of ``rule`` taken out of one language's text."""
    if rule.where in ("research", "withdrawal"):
        body = raw[rule.where]["body"]
    elif rule.where in ("dose_statement", "trial_registration"):
        body = raw[rule.where]
    elif rule.where.startswith("cost."):
        body = raw["cost"][rule.where.removeprefix("cost.")]
    else:
        body = next(s for s in raw["sections"] if s["id"] == rule.where)["body"]
    body[language] = re.sub(rule.patterns[language], "", body[language], flags=re.IGNORECASE)
    return raw


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("rule", MUST_SAY, ids=lambda r: f"{r.where}:{r.fact[:40]}")
def test_each_fact_a_consent_must_say_is_checked_in_each_language(rule, language):
    raw = definition_without(load_yaml(SHIPPED_CONSENT), rule, language)
    problems = ConsentChecker(ConsentDefinition.model_validate(raw), raw, SHIPPED_CONSENT).run()
    name = {"en": "English", "es": "Spanish"}[language]
    expected = f"'{rule.where}' must say {rule.fact}; the {name} text does not"
    assert [p.message for p in problems if p.message.startswith(expected)] != []


def test_a_missing_fact_is_reported_at_the_line_of_its_text(tmp_path):
    medwatch = (
        "También puede reportarlo al programa MedWatch de la FDA. "
        "Llame al 1-800-FDA-1088 o visite www.fda.gov/medwatch."
    )
    _, problems = problems_after(tmp_path, medwatch, "")
    expected = (
        "'rights' must say how to report a harm to the FDA (MedWatch); the Spanish text does not"
    )
    [problem] = [p for p in problems if expected in p]
    spanish_body = GOOD.rfind("      es: |", 0, GOOD.index(medwatch))
    assert problem.startswith(f"{GOOD[:spanish_body].count(chr(10)) + 1}: ")


def test_the_withdrawal_text_needs_every_language(tmp_path):
    _, problems = problems_after(
        tmp_path,
        'title: {en: "Withdrawing your consent", es: "Retirar su consentimiento"}',
        'title: {en: "Withdrawing your consent"}',
    )
    assert any(p.endswith("'title' has no Spanish ('es') text") for p in problems)


def test_an_unknown_placeholder_in_the_withdrawal_text_is_named(tmp_path):
    _, problems = problems_after(
        tmp_path, "If you have questions, call {clinic_contact}.", "Call {clinic_phone}."
    )
    assert any(p.endswith("unknown placeholder '{clinic_phone}'") for p in problems)
