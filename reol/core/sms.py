"""Text messages to patrons through a gateway chosen by REOL_SMS_URL.

`file:` (the default: one file per message under VAR_DIR/sms/, like Django's file-based mail
backend; `file:///path` picks the directory) and `console:` (printed) serve development and
tests. A real gateway is one more Gateway subclass, registered in BACKENDS under its URL
scheme (e.g. "https"): it gets the parsed URL, opens a session in open(), posts each message
in send() and raises SmsError when the gateway refuses one.
"""

import sys
import uuid
from pathlib import Path
from typing import TextIO
from urllib.parse import ParseResult, unquote, urlparse

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


class SmsError(Exception):
    """The gateway refused or lost a message."""


class Gateway:
    """Sends text messages. open() before a batch, close() after; send() raises SmsError."""

    def __init__(self, url: ParseResult) -> None:
        self.url = url

    def open(self) -> None:
        """Raise here (not in send) when the gateway cannot be reached at all: the notices
        then stay pending for the next run instead of failing."""

    def send(self, to: str, text: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Gateway":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FileGateway(Gateway):
    """One file per message, written whole (a reader never sees half a message)."""

    def __init__(self, url: ParseResult) -> None:
        super().__init__(url)
        self.directory = Path(unquote(url.path)) if url.path else Path(settings.VAR_DIR) / "sms"

    def open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)

    def send(self, to: str, text: str) -> None:
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}"
        partial = self.directory / f".{name}.part"
        try:
            partial.write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")
            partial.replace(self.directory / f"{name}.txt")
        except OSError as error:
            raise SmsError(f"{self.directory}: {error.strerror}") from error


class ConsoleGateway(Gateway):
    """Prints each message, for a developer watching `reol serve` or `reol run_jobs`."""

    stream: TextIO | None = None  # None: sys.stdout at the time of sending

    def send(self, to: str, text: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        stream.flush()


BACKENDS: dict[str, type[Gateway]] = {"file": FileGateway, "console": ConsoleGateway}


def gateway(url: str | None = None) -> Gateway:
    """The gateway that REOL_SMS_URL (or `url`) names; not yet opened."""
    parts = urlparse(url or getattr(settings, "REOL_SMS_URL", "") or "file:")
    backend = BACKENDS.get(parts.scheme)
    if backend is None:
        known = ", ".join(f"{scheme}:" for scheme in BACKENDS)
        raise ImproperlyConfigured(f"REOL_SMS_URL: unknown scheme {parts.scheme!r} ({known})")
    return backend(parts)
