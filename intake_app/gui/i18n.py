"""Switching the interface language (Qt translations in resources/translations)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from intake_app.paths import resources_dir


def translation_file(language: str) -> str:
    return str(resources_dir() / "translations" / f"intake_{language}.qm")


class Translator:
    """Installs the translation for one language at a time (English needs none)."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.current: QTranslator | None = None

    def use(self, language: str) -> bool:
        if self.current is not None:
            self.app.removeTranslator(self.current)
            self.current = None
        if language == "en":
            return True
        translator = QTranslator(self.app)
        if not translator.load(translation_file(language)):
            return False
        self.app.installTranslator(translator)
        self.current = translator
        return True
