"""The app opens on a start screen that shows the clinic's name."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from intake_app.gui.app import build_services, build_window
from intake_app.settings import load_settings


def visible_texts(widget):
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


def test_start_screen_shows_the_clinic_name(qtbot, tmp_path, monkeypatch):
    clinic = tmp_path / "clinic.toml"
    clinic.write_text('[clinic]\nname = "Riverside Joint Clinic"\n', encoding="utf-8")
    monkeypatch.setenv("INTAKE_CLINIC_FILE", str(clinic))
    services = build_services(load_settings())
    window = build_window(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    texts = visible_texts(window)
    assert "Riverside Joint Clinic" in texts
    assert window.windowTitle() == "Riverside Joint Clinic"
    assert not any("For staff" in t for t in texts)
    services.database.dispose()


def test_first_run_writes_a_clinic_file_and_tells_staff_where_it_is(qtbot):
    settings = load_settings()
    assert not settings.clinic_file.exists()
    services = build_services(settings)
    window = build_window(services)
    qtbot.addWidget(window)
    window.show()
    assert settings.clinic_file.exists()
    assert any(str(settings.clinic_file) in t for t in visible_texts(window))
    services.database.dispose()


def test_broken_forms_are_reported_on_screen_not_as_a_crash(qtbot, tmp_path, monkeypatch):
    forms = tmp_path / "forms" / "questionnaires"
    forms.mkdir(parents=True)
    (forms / "bad.yaml").write_text("form: [\n", encoding="utf-8")
    monkeypatch.setenv("INTAKE_FORMS_DIR", str(tmp_path / "forms"))
    services = build_services(load_settings())
    window = build_window(services)
    qtbot.addWidget(window)
    window.show()
    texts = visible_texts(window)
    assert any("forms have problems" in t for t in texts)
    assert any("bad.yaml:" in t for t in texts)
    services.database.dispose()
