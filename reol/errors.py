"""The one error type that rules and services raise when the answer is no.

Refusals are made with `reol.refusals.refuse`, which holds every code and text.
"""

from django.utils import translation


class DomainError(Exception):
    """A refusal a person should understand, in Danish and in English.

    `code` is stable and machine-readable (for APIs and SIP2); the messages are for people.
    """

    status: int  # the HTTP status of an API answer, where answered_with() set one

    def __init__(self, code: str, da: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.da = da
        self.en = en

    def message(self, language: str | None = None) -> str:
        return in_language(self.da, self.en, language)

    def answered_with(self, status: int) -> "DomainError":
        """A copy the API answers with this HTTP status (read by the handler in reol/api.py);
        a copy, because some refusals are module-level constants raised from many places."""
        error = DomainError(self.code, self.da, self.en)
        error.status = status
        return error


def in_language(da: str, en: str, language: str | None = None) -> str:
    """The English text for an English request or `language`, else the Danish."""
    language = language or translation.get_language() or "da"
    return en if language.startswith("en") else da
