"""The `reol` command: Django's management commands plus reol's own verbs."""

import os
import sys

# Servers and the scheduled jobs act for patrons, machines and the rules, not for an operator:
# their changes are not staff changes (requests inside `serve` carry their own actor), and the
# demo's invented data is nobody's change.
NOT_AN_OPERATOR = {"serve", "sip2", "run_jobs", "demo"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reol.settings")
    from django.core.management import execute_from_command_line

    argv = ["reol", *sys.argv[1:]]
    if argv[1:] in ([], ["help"], ["--help"], ["-h"]):
        import django

        from reol.overview import overview

        django.setup()
        print(overview())
        return
    name = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else ""
    if not name or name in NOT_AN_OPERATOR:
        execute_from_command_line(argv)
        return
    from reol.core.actor import acting_as, command_label

    # Whatever a command changes is on the staff record as done by whoever ran it.
    with acting_as(command_label(name)):
        execute_from_command_line(argv)


if __name__ == "__main__":
    main()
