"""The column tables of docs/migration.md, written from the registry: a test keeps the page
and the code saying the same (tests/transfer/test_documented.py)."""

from .registry import KINDS, MARC, ORDER


def tables() -> str:
    parts = []
    for name in ORDER:
        if name == MARC:
            continue
        kind = KINDS[name]
        rows = [f"| `{c.name}` | {'yes' if c.required else ''} | {c.meaning} |"
                for c in kind.columns]
        parts.append("\n".join([f"### {kind.filename}", "", kind.meaning, "",
                                "| column | required | meaning |", "|---|---|---|", *rows]))
    return "\n\n".join(parts) + "\n"
