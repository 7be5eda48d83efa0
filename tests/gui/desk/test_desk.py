"""The staff desk: a login with the person's password, the pages their roles open,
and a log-out by hand or after the idle minutes."""

from __future__ import annotations

from tests.gui.conftest import PASSWORD


def test_each_person_sees_only_the_pages_of_their_roles(desk):
    desk.log_in("rosa")
    assert desk.pages == ["queue"]
    desk.window.bar.log_out.click()
    desk.log_in("lee")
    assert desk.pages == ["records"]
    desk.window.bar.log_out.click()
    desk.log_in("admin")
    assert desk.pages == ["people", "forms", "settings"]


def test_a_records_clerk_cannot_reach_the_queue(desk):
    desk.log_in("lee")
    assert "queue" not in desk.pages
    assert desk.window.bar.who.text() == "Lee Park (records)"


def test_a_wrong_password_is_refused_in_words_and_the_user_name_stays(desk):
    desk.log_in("rosa", "not her password")
    assert desk.pages == []
    assert desk.window.login.message.text() == "The user name or the password is wrong."
    assert desk.window.login.user_name.text() == "rosa"
    assert desk.window.login.password.text() == ""


def test_the_message_line_keeps_its_room_so_log_in_does_not_move(desk):
    button = desk.window.login.log_in
    before = button.mapTo(desk.window, button.rect().topLeft())
    desk.log_in("rosa", "not her password")
    assert button.mapTo(desk.window, button.rect().topLeft()) == before


def test_the_desk_logs_out_after_the_idle_minutes_and_closes_the_pages(desk):
    desk.log_in("rosa")
    assert desk.pages == ["queue"]
    minutes = desk.services.settings.clinic.staff.idle_logout_minutes
    desk.clock.now += 60 * minutes - 30
    desk.controller.idle.tick()
    assert desk.pages == ["queue"]
    assert "logged out in 30 seconds" in desk.window.statusBar().currentMessage()
    desk.clock.now += 31
    desk.controller.idle.tick()
    assert desk.pages == []
    assert desk.window.tabs.count() == 0
    assert f"after {minutes} minutes" in desk.window.login.message.text()
    assert desk.window.login.password.text() == ""
    desk.log_in("rosa", PASSWORD)
    assert desk.pages == ["queue"]


def _row_of(table, user_name):
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == user_name)


def test_an_administrator_deactivates_a_person_who_then_cannot_log_in(desk):
    desk.log_in("admin")
    people = desk.window.current_page()
    desk.qtbot.waitUntil(lambda: people.table.rowCount() == 4)
    people.table.selectRow(_row_of(people.table, "rosa"))
    people.deactivate.click()
    desk.qtbot.waitUntil(lambda: people.message.text() == "Rosa Díaz was deactivated.")
    desk.qtbot.waitUntil(
        lambda: people.table.item(_row_of(people.table, "rosa"), 3).text() == "deactivated"
    )
    desk.window.bar.log_out.click()
    desk.log_in("rosa")
    assert desk.pages == []
    assert "deactivated" in desk.window.login.message.text()


def test_an_administrator_adds_a_person_and_a_taken_user_name_is_asked_again(desk, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from intake_app.gui.desk.people_page import PersonDialog

    shown: list[str] = []

    def answer(dialog):  # what the administrator types, each time the dialog opens
        shown.append(dialog.message.text())
        dialog.name.setText("Sam Lee")
        dialog.user_name.setText("rosa" if len(shown) == 1 else "sam")
        dialog.roles["nurse"].setChecked(True)
        dialog.password.first.setText(PASSWORD)
        dialog.password.again.setText(PASSWORD)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PersonDialog, "exec", answer)
    desk.log_in("admin")
    people = desk.window.current_page()
    people.add.click()
    desk.qtbot.waitUntil(lambda: people.message.text() == "Sam Lee was added.", timeout=10_000)
    assert len(shown) == 2 and "rosa" in shown[1].lower(), "the taken user name is said"
    desk.qtbot.waitUntil(lambda: people.table.rowCount() == 5)


def test_at_200_percent_text_no_page_is_wider_than_the_window(desk):
    """The page scrolls down if it must, never sideways: a clerk would not find the
    buttons past the right edge (and the records page's filters and actions wrap; the
    settings page's labels and notes wrap inside its own scroll area)."""
    from PySide6.QtWidgets import QScrollArea

    for user in ("rosa", "lee", "admin"):
        desk.log_in(user)
        for _ in range(4):
            desk.window.bar.larger.click()
        assert desk.window.bar.look.scale == 2.0
        for index in range(desk.window.tabs.count()):
            desk.window.tabs.setCurrentIndex(index)
            holder = desk.window.tabs.widget(index)
            desk.qtbot.waitUntil(lambda h=holder: h.widget().isVisible())
            page = holder.widget()
            assert page.minimumSizeHint().width() <= holder.viewport().width(), user
            assert not holder.horizontalScrollBar().isVisible(), user
            for inner in page.findChildren(QScrollArea):  # the settings page's fields
                if inner.widgetResizable() and inner.widget() is not None:
                    wanted = inner.widget().minimumSizeHint().width()
                    assert wanted <= inner.viewport().width(), (user, index)
                    assert not holder.verticalScrollBar().isVisible(), "one scroll bar"
        desk.window.bar.log_out.click()
