"""Wizard pages: a section per page, long ones split, follow-ups kept together."""

from __future__ import annotations

import datetime as dt

from intake_app.kiosk.pages import all_pages, visible_pages
from intake_app.questionnaire.calculations import IntakeFacts
from intake_app.questionnaire.visibility import resolve
from tests.conftest import TODAY


def test_every_item_is_on_exactly_one_page_in_form_order(intake_form):
    on_pages = [item.id for page in all_pages(intake_form) for item in page.items]
    in_form = [item.id for section in intake_form.sections for item in section.items]
    assert on_pages == in_form


def test_pages_follow_sections_and_long_sections_are_split(intake_form):
    pages = all_pages(intake_form)
    assert {p.section.id for p in pages} == {s.id for s in intake_form.sections}
    split = [p for p in pages if p.parts > 1]
    assert split, "the shipped form has sections long enough to split"
    assert all(
        p.id == p.section.id if p.part == 1 else p.id == f"{p.section.id}-{p.part}" for p in pages
    )


def test_a_follow_up_question_stays_on_the_page_of_its_question(intake_form):
    for page in all_pages(intake_form):
        ids = {item.id for item in page.items}
        for item in page.items:
            condition = item.enable_when
            if condition is not None and hasattr(condition, "item"):
                source = condition.item.split(".")[0]
                same_section = any(i.id == source for i in page.section.items)
                if same_section:
                    assert source in ids, f"{item.id} is separated from {source}"


def test_hidden_sections_have_no_page(intake_form):
    woman = {"sex_at_birth": "female"}
    older = resolve(intake_form, woman, TODAY, IntakeFacts(dt.date(1950, 1, 1), "en"))
    younger = resolve(intake_form, woman, TODAY, IntakeFacts(dt.date(1990, 1, 1), "en"))
    assert "pregnancy" not in [p.id for p in visible_pages(intake_form, older)]
    assert "pregnancy" in [p.id for p in visible_pages(intake_form, younger)]
