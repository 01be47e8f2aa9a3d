import pytest

from reol.sharing import iso18626


@pytest.fixture(autouse=True)
def validate_every_message(monkeypatch):
    """In-process messages skip the XSD at run time; in tests every message built or read is
    validated, so a builder that drifts from the standard fails here."""
    monkeypatch.setattr(iso18626, "ALWAYS_VALIDATE", True)
