"""A FHIR R4 Questionnaire as a form the app runs (``intake-app forms import-fhir``).

Top-level groups become sections (pages); questions outside any group share one
section named after the form. A repeated group becomes a table; a group inside a
section or a table is laid flat into it, its text shown as a display item and its
``enableWhen`` added to each of its questions. Types, options, conditions, required,
maxLength and units map one to one where the app has them (see ``leaf_items_in``).

What cannot be converted (an expression the app cannot evaluate, a value set outside
the file, a type the app does not ask, an answer filled in advance) is listed by
linkId, and nothing is imported: a form that silently lost a question or a condition
would be worse than none. Conversions that change how a question is asked but keep
what it asks (a dateTime asked as a date) are returned as notes.

This app's own extensions (see ``extensions``), when present, restore exactly what
its export wrote: flag rules, calculations, and the keys FHIR has no element for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from intake_app.fhir import extensions as ext
from intake_app.fhir.answer_options import identifier
from intake_app.fhir.enable_when import Question, enable_when_in
from intake_app.fhir.leaf_items_in import LeafReader, is_help
from intake_app.fhir.texts import languages_in, read_text

_STATUS = {"draft": "draft", "active": "active", "retired": "retired"}


@dataclass
class ImportedForm:
    """The form as the YAML file would hold it, and what stood in the way."""

    form: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    """Where an item landed: its app id and the table (repeated group) it is in."""

    app_id: str
    table: str | None
    codes: Mapping[str, str]


def questionnaire_to_form(resource: Mapping[str, Any], fallback_id: str) -> ImportedForm:
    """Convert one Questionnaire (parsed JSON); ``fallback_id`` names a form without url or name."""
    if resource.get("resourceType") != "Questionnaire":
        kind = resource.get("resourceType")
        return ImportedForm({}, [f"the file holds a {kind}, not a Questionnaire"])
    return _Reader(resource, fallback_id).read()


def combine(first: dict[str, Any] | None, second: dict[str, Any] | None) -> dict[str, Any] | None:
    """Both conditions (``all``), or the one there is."""
    if first is None or second is None:
        return first or second
    return {"all": [first, second]}


class _Reader:
    def __init__(self, resource: Mapping[str, Any], fallback_id: str) -> None:
        self.resource = resource
        self.fallback_id = fallback_id
        self.primary = str(resource.get("language") or "en").split("-")[0].lower()
        contained = {str(r.get("id")): r for r in resource.get("contained") or []}
        self.result = ImportedForm({})
        self.leaves = LeafReader(self.primary, contained, self.result.problems, self.result.notes)
        self.index: dict[str, _Entry] = {}
        self.calculations: list[dict[str, Any]] = []
        self.unnamed = False

    def read(self) -> ImportedForm:
        items = self.resource.get("item") or []
        self._index(items, None, None)
        if self.unnamed:  # conditions cannot be read without every linkId
            return self.result
        form = self._header()
        form["sections"] = self._sections(items)
        if self.calculations:
            form["calculations"] = self.calculations
        flags = self._json(self.resource, ext.FLAG_RULE, "the flag rules")
        if flags:
            form["flags"] = flags
        self.result.form = form
        return self.result

    # --- the form ------------------------------------------------------------------

    def _header(self) -> dict[str, Any]:
        found_extras = self._json(self.resource, ext.FORM_EXTRAS, "the form")
        extras: dict[str, Any] = found_extras[0] if found_extras else {}
        found: dict[str, None] = {self.primary: None}
        languages_in(self.resource, found)
        name = self.resource.get("name") or self.resource.get("id") or self.fallback_id
        title = read_text(self.resource, "title", self.primary) or {self.primary: str(name)}
        header = {
            "form": _form_id(_named_in_url(str(self.resource.get("url") or "")) or str(name)),
            "version": str(self.resource.get("version") or "1.0"),
            "status": _STATUS.get(str(self.resource.get("status")), "draft"),
            "title": title,
            "languages": extras.get("languages") or list(found),
        }
        if extras.get("sources"):
            header["sources"] = extras["sources"]
        return header

    def _sections(self, items: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        loose: list[Mapping[str, Any]] = []
        for item in items:
            if self._calculation(item):
                continue
            if item.get("type") == "group" and not item.get("repeats"):
                sections += self._loose_section(loose)
                loose = []
                sections.append(self._section(item))
            else:
                loose.append(item)
        return sections + self._loose_section(loose)

    def _section(self, item: Mapping[str, Any]) -> dict[str, Any]:
        section: dict[str, Any] = {
            "id": self.index[item["linkId"]].app_id,
            "title": read_text(item, "text", self.primary),
        }
        if item.get("required"):
            self._note(item, "the group is required; the app requires its questions one by one")
        condition = self._condition(item, None)
        if condition is not None:
            section["enable_when"] = condition
        section["items"] = self._children(item.get("item") or [], None, None)
        return section

    def _loose_section(self, loose: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Questions outside any group, on a page of their own named after the form."""
        if not loose:
            return []
        taken = {entry.app_id for entry in self.index.values()}
        section_id = next(n for n in (f"questions_{i}" for i in range(1, 999)) if n not in taken)
        self.index[f"#section-{section_id}"] = _Entry(section_id, None, {})
        title = read_text(self.resource, "title", self.primary) or {self.primary: "Questions"}
        return [{"id": section_id, "title": title, "items": self._children(loose, None, None)}]

    # --- items ---------------------------------------------------------------------

    def _children(
        self, items: list[Mapping[str, Any]], table: str | None, inherited: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for item in items:
            if is_help(item) or self._calculation(item):
                continue
            condition = combine(inherited, self._condition(item, table))
            if item.get("type") == "group" and not item.get("repeats"):
                out += self._flattened(item, table, condition)
            elif item.get("type") == "group":
                out += self._table(item, table, condition)
            else:
                out += self._question(item, table, condition)
        return out

    def _flattened(
        self, item: Mapping[str, Any], table: str | None, condition: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        """A group inside a page or a table: its text as a display item, then its questions."""
        out = []
        if item.get("text"):
            shown: dict[str, Any] = {"id": self.index[item["linkId"]].app_id, "type": "display"}
            shown["text"] = read_text(item, "text", self.primary)
            out.append(_with_condition(shown, condition))
        return out + self._children(item.get("item") or [], table, condition)

    def _table(
        self, item: Mapping[str, Any], table: str | None, condition: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        if table is not None:
            self._problem(item, "a repeated group inside a repeated group (the app has one level)")
            return []
        group = self.leaves.table(item, self.index[item["linkId"]].app_id)
        group["items"] = self._children(item.get("item") or [], group["id"], None)
        return [self._extras(_with_condition(group, condition), item)]

    def _question(
        self, item: Mapping[str, Any], table: str | None, condition: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        converted = self.leaves.leaf(item, self.index[item["linkId"]])
        if not converted:
            return []
        first = self._extras(_with_condition(converted[0], condition), item)
        rest = [_with_condition(c, condition) for c in converted[1:]]
        return [first, *rest, *self._children(item.get("item") or [], table, condition)]

    def _extras(self, app_item: dict[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
        """The item with the keys this app's export kept in its own extension put back."""
        for extras in self._json(item, ext.ITEM_EXTRAS, "the item"):
            app_item = {**app_item, **extras}
        return self.leaves.only_known_keys(app_item)

    def _calculation(self, item: Mapping[str, Any]) -> bool:
        """True (and the calculation kept) when the item is a value this app calculates."""
        found = self._json(item, ext.CALCULATION, "the calculation")
        self.calculations += found
        return bool(found)

    # --- conditions ------------------------------------------------------------------

    def _condition(self, item: Mapping[str, Any], table: str | None) -> dict[str, Any] | None:
        exact = self._json(item, ext.EXACT_CONDITION, "the condition")
        if exact:
            return dict(exact[0])
        read = enable_when_in(item, lambda link_id: self._question_named(link_id, table))
        for problem in read.problems:
            self._problem(item, problem)
        return read.condition

    def _question_named(self, link_id: str, table: str | None) -> Question | None:
        entry = self.index.get(link_id)
        if entry is None:
            return None
        if entry.table is None or entry.table == table:
            return Question(entry.app_id, entry.codes)
        return Question(f"{entry.table}.{entry.app_id}", entry.codes)

    # --- the index of linkIds ----------------------------------------------------------

    def _index(
        self, items: list[Mapping[str, Any]], table_link: str | None, table: str | None
    ) -> None:
        for item in items:
            link_id = str(item.get("linkId") or "")
            if is_help(item):
                continue
            if link_id in self.index or not link_id:
                self._problem(item, "the linkId is missing or used twice")
                self.unnamed = True
                continue
            app_id = self._app_id(item, link_id, table_link)
            codes = self.leaves.codes(item)
            self.index[link_id] = _Entry(app_id, table, codes)
            repeated = item.get("type") == "group" and item.get("repeats")
            inner = (link_id, app_id) if repeated and table is None else (table_link, table)
            self._index(item.get("item") or [], *inner)

    def _app_id(self, item: Mapping[str, Any], link_id: str, table_link: str | None) -> str:
        calculation = self._json(item, ext.CALCULATION, "the calculation")
        if calculation:
            return str(calculation[0].get("id"))
        if table_link and link_id.startswith(table_link + "."):
            link_id = link_id[len(table_link) + 1 :]
        app_id = identifier(link_id, "item")
        if any(e.app_id == app_id and app_id != link_id for e in self.index.values()):
            self._problem(item, f"its id would be '{app_id}', which another linkId already is")
        return app_id

    # --- reporting ---------------------------------------------------------------------

    def _json(self, element: Mapping[str, Any], url: str, what: str) -> list[Any]:
        try:
            return ext.json_values(element, url)
        except ValueError:
            self._problem(element, f"the extension {url} holding {what} is not valid JSON")
            return []

    def _problem(self, element: Mapping[str, Any], message: str) -> None:
        where = f"linkId '{element['linkId']}'" if "linkId" in element else "the Questionnaire"
        self.result.problems.append(f"{where}: {message}")

    def _note(self, element: Mapping[str, Any], message: str) -> None:
        self.result.notes.append(f"linkId '{element.get('linkId')}': {message}")


def _with_condition(app_item: dict[str, Any], condition: dict[str, Any] | None) -> dict[str, Any]:
    return app_item if condition is None else {**app_item, "enable_when": condition}


def _named_in_url(url: str) -> str | None:
    """The form id in a canonical URL ``<base>/Questionnaire/<form id>[|version]``."""
    parts = url.split("|", 1)[0].rstrip("/").split("/")
    return parts[-1] if len(parts) > 1 and parts[-2] == "Questionnaire" else None


def _form_id(name: str) -> str:
    """A Questionnaire's name (``KneeIntake``, ``knee_intake``) as a form id: ``knee-intake``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name)
    return identifier(spaced, "form").replace("_", "-")
