"""What the `reol` commands of every app share."""

import os


def operator_language() -> str:
    """Messages in Danish unless the operator's LANGUAGE asks for English."""
    return "en" if os.environ.get("LANGUAGE", "").lower().startswith("en") else "da"
