"""reol run_jobs [--now ISO] [--retry-failed]: the lending jobs once, with what each did."""

import sys
from argparse import ArgumentTypeError
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from reol.core import jobs, outbox

WHAT = {
    "expire": {"interest_period": "reservations past their interest date closed",
               "not_collected": "hold-shelf reservations not collected closed"},
    "allocate": {"allocated": "copies allocated to reservations"},
    "auto_renew": {"renewed": "loans renewed", "refused": "loans that could not be renewed"},
    "due_soon": {"queued": "due-soon notices queued"},
    "overdue": {"queued": "overdue notices queued"},
    "send": {"sent": "notices sent", "failed": "notices that failed",
             "dropped": "notices no longer true, dropped unsent"},
    "forget": {"reservations": "closed reservations past the retention period deleted",
               "log_references": "log rows that no longer name their patron",
               "notices": "sent notices past the retention period deleted",
               "files": "mail and SMS files past the retention period deleted",
               "sessions": "expired sessions deleted"},
    "forget_interlibrary": {"requests": "closed interlibrary requests that lost the patron",
                            "messages": "ISO 18626 messages that lost <patronInfo>"},
    "forget_events": {"registrations": "past registrations made anonymous",
                      "mails": "sent event mails past the retention period deleted"},
    "forget_rooms": {"bookings": "past room bookings made anonymous"},
}


class Command(BaseCommand):
    help = (
        "Run the lending jobs once: expire reservations, allocate copies, renew loans due "
        "today, queue due-soon and overdue notices, send the outbox, forget what is past the "
        "retention period (REOL_RETENTION_DAYS). Safe at any time and any number of times; a "
        "run while another is under way does nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", type=_moment, metavar="ISO",
                            help="run as if it were this time (2026-12-02 or 2026-12-02T06:00)")
        parser.add_argument("--retry-failed", action="store_true",
                            help="queue failed notices again before sending")

    def handle(self, *args: object, now: datetime | str | None, retry_failed: bool,
               **options: object) -> None:
        if isinstance(now, str):  # call_command(now="…") skips the parser's conversion
            now = _moment(now)
        console = Console(file=options.get("stdout") or sys.stdout,  # call_command(stdout=…)
                          no_color=bool(options.get("no_color")), highlight=False, width=100)
        if retry_failed:
            console.print(f"{outbox.retry_failed()} failed notices queued again")
        summary = jobs.run_all(now)
        if summary.skipped:
            console.print("Another run of the jobs is under way; this one did nothing.")
            return
        table = Table(title=f"reol jobs at {timezone.localtime(summary.now):%Y-%m-%d %H:%M}")
        table.add_column("job")
        table.add_column("what it did")
        table.add_column("count", justify="right")
        for name in [*summary.done, *(n for n in summary.errors if n not in summary.done)]:
            if name in summary.errors:
                table.add_row(name, f"FAILED: {summary.errors[name]}", "")
                continue
            for key, count in summary.done[name].items():
                table.add_row(name, WHAT.get(name, {}).get(key, key), str(count))
        console.print(table)
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} job(s) failed: "
                               + ", ".join(summary.errors))


def _moment(text: str) -> datetime:
    """An ISO date (the start of that day) or time, in Copenhagen time unless it says."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"not an ISO date or time: {text!r}") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
