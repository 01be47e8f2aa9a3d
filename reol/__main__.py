"""The `reol` command: Django's management commands plus reol's own verbs."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reol.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["reol", *sys.argv[1:]])


if __name__ == "__main__":
    main()
