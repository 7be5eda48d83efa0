"""The administrator's Forms page: every version with its intakes, and publishing one."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from intake_app.gui.desk.form_versions_page import COLUMNS, FormVersionsPage
from intake_app.services.actor import Actor
from intake_app.services.form_versions import FormVersions
from tests.gui.desk.conftest import NO_STOP, Desk, submit_intake
from tests.services.test_form_versions import ANA, new_version


def forms_page(desk: Desk) -> FormVersionsPage:
    desk.log_in("admin")
    desk.window.tabs.setCurrentIndex(desk.pages.index("forms"))
    page = desk.window.current_page()
    assert isinstance(page, FormVersionsPage)
    return page


def rows(page: FormVersionsPage) -> dict[tuple[str, str], dict[str, str]]:
    table = page.table
    found = {}
    for row in range(table.rowCount()):
        cells = {name: table.item(row, column).text() for column, name in enumerate(COLUMNS)}
        found[(cells["Form"], cells["Version"])] = cells
    return found


def test_the_list_shows_both_versions_with_their_intakes(desk, tmp_path):
    settings = desk.services.settings
    console = Actor.console("desk-test")
    FormVersions(desk.services.database, settings.form_folders, console).publish(
        new_version(tmp_path)
    )
    submit_intake(desk, ANA, NO_STOP)  # begun on the shipped 1.0
    page = forms_page(desk)
    desk.qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=10_000)

    shown = rows(page)
    old, new = shown[("exosome-joint-intake", "1.0")], shown[("exosome-joint-intake", "1.1")]
    assert (old["Status"], old["Intakes"]) == ("earlier version", "1")
    assert (new["Status"], new["Intakes"]) == ("in use for new intakes", "0")
    assert new["File"] == "exosome-joint-intake-1.1.yaml"
    sha_cell = page.table.item(list(shown).index(("exosome-joint-intake", "1.1")), 6)
    assert len(sha_cell.toolTip()) == 64 and sha_cell.toolTip().startswith(sha_cell.text()[:12])
    assert shown[("exosome-joint-consent", "1.0")]["Kind"] == "consent"


def test_publishing_a_chosen_file_adds_its_row_after_saying_what_changes(
    desk, tmp_path, monkeypatch
):
    source = new_version(tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("form: [unclosed\n", encoding="utf-8")
    chosen = [str(broken), str(source)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen.pop(0), ""))
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question",
        lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.Yes,
    )  # fmt: skip
    page = forms_page(desk)
    desk.qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=10_000)

    page.publish.click()
    desk.qtbot.waitUntil(lambda: "Nothing was published" in page.message.text(), timeout=10_000)
    assert page.message.text().startswith("Nothing was published from broken.yaml:\nline 2: YAML")
    assert asked == []

    page.publish.click()
    desk.qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=10_000)
    [question] = asked
    assert "New intakes will use version 1.1 of the questionnaire exosome-joint-intake; " \
        "intakes in progress keep 1.0." in question  # fmt: skip
    assert page.message.text().startswith("Version 1.1 of exosome-joint-intake is published.")
    assert desk.services.catalog is not None
    assert desk.services.catalog.get("exosome-joint-intake").version == "1.1"
