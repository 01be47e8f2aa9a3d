from typing import Any

from django.core.management.commands import flush
from django.db import connections


class Command(flush.Command):
    help = (
        "Empty every table of the database, the patrons' accounts included (Django's flush). "
        "Account entries are never deleted one by one: on SQLite a trigger refuses it, and "
        "this command alone lets a whole-database wipe through (migration circulation 0011)."
    )

    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":  # PostgreSQL's flush is TRUNCATE: no row trigger
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS reol_ledger_wipe (since TEXT)")
            cursor.execute("INSERT INTO reol_ledger_wipe VALUES (datetime('now'))")
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM reol_ledger_wipe")
