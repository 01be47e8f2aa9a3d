"""`reol`, `reol help` and `reol --help`: reol's own commands first, grouped by what they are
for, each with the first sentence of its help; Django's commands after, by name only."""

import textwrap

from django.core.management import get_commands, load_command_class

GROUPS: dict[str, list[str]] = {
    "Run the library": ["serve", "sip2", "run_jobs", "demo"],
    "Catalogue and data": ["import_marc", "import_digital", "export_marc", "reindex",
                           "clean_catalogue",
                           "regroup_works",
                           "import_visitors", "flush", "import_library", "export_library"],
    "People and machines": ["add_patron", "add_staff", "add_api_token", "add_sip2_terminal",
                            "peer_credential", "add_api_client", "revoke_api_client"],
    "Interlibrary loans and transport": ["ill", "allocate", "print_transport"],
    "Figures": ["report", "simulate", "fee_totals"],
}


def own_commands() -> dict[str, str]:
    """reol's commands and the app each lives in."""
    return {name: app for name, app in get_commands().items() if app.startswith("reol.")}


def first_sentence(app: str, name: str) -> str:
    text = " ".join(load_command_class(app, name).help.split())
    return text.split(". ")[0].rstrip(".")


def overview() -> str:
    own = own_commands()
    grouped = {name for names in GROUPS.values() for name in names}
    groups = dict(GROUPS)
    if rest := sorted(set(own) - grouped):
        groups["Other"] = rest
    lines = ["Usage: reol COMMAND [options]   (reol help COMMAND for its options)", ""]
    for title, names in groups.items():
        lines.append(f"{title}:")
        for name in names:
            if name in own:
                summary = textwrap.shorten(first_sentence(own[name], name), 72, placeholder="…")
                lines.append(f"  {name:<18} {summary}")
        lines.append("")
    django = sorted(name for name in get_commands() if name not in own)
    lines.append("Django's commands (and its libraries'):")
    lines += textwrap.wrap(", ".join(django), 96, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)
