"""Read-aloud with the machine's own voices (Qt Text to Speech); nothing leaves the tablet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject


class Reader(QObject):
    """Speaks text when a local voice is available; otherwise says it cannot."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine_name = engine
        self._speech: Any = None
        self._tried = False
        self.spoken: list[str] = []

    def _engine(self) -> Any:
        if self._speech is None and not self._tried:
            self._tried = True
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech
            except ImportError:  # the Qt add-on or its audio library is missing
                return None
            speech = (
                QTextToSpeech(self.engine_name, self) if self.engine_name else QTextToSpeech(self)
            )
            self._speech = speech if speech.availableVoices() else None
        return self._speech

    def available(self, language: str) -> bool:
        """A local voice speaks ``language`` (an English voice never reads Spanish text)."""
        return self._locale(language) is not None

    def _locale(self, language: str) -> Any:
        engine = self._engine()
        if engine is None:
            return None
        from PySide6.QtCore import QLocale

        wanted = QLocale(language).language()
        return next((x for x in engine.availableLocales() if x.language() == wanted), None)

    def say(self, text: str, language: str) -> bool:
        locale = self._locale(language)
        if locale is None:
            return False
        self._speech.setLocale(locale)
        self._speech.say(text)
        self.spoken.append(text)
        return True

    def stop(self) -> None:
        if self._speech is not None:
            self._speech.stop()
