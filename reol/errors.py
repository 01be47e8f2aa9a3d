"""The one error type that rules and services raise when the answer is no."""

from django.utils import translation


class DomainError(Exception):
    """A refusal a person should understand, in Danish and in English.

    `code` is stable and machine-readable (for APIs and SIP2); the messages are for people.
    """

    status: int  # the HTTP status of an API answer, where refusal() set one (reol/api.py)

    def __init__(self, code: str, da: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.da = da
        self.en = en

    def message(self, language: str | None = None) -> str:
        language = language or translation.get_language() or "da"
        return self.en if language.startswith("en") else self.da
