"""reol simulate --library AGENCY --year YYYY — a year of a library's traffic through the
real services (reol/insight/simulate.py says how it is shaped and what it leaves alone)."""

import argparse
import math
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from reol.errors import DomainError
from reol.insight import simulate


class Command(BaseCommand):
    help = ("Simulate a year of a library's traffic — patrons, loans, returns, renewals, "
            "reservations, open-library visits, events — through the real services, shaped "
            "like its published figures with seasons and weekdays. Deterministic by --seed.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--library", required=True, help="agency number, e.g. 773000")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="share of the published figures (default 1.0; a full "
                                 "Randers year takes hours: try 0.01)")
        parser.add_argument("--days", type=int, help="only the year's first N days")
        parser.add_argument("--force", action="store_true",
                            help="simulate a year already simulated again, as another run")
        parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=True,
                            help="a line per simulated month (default on)")

    def handle(self, *args, **options) -> None:
        scale = options["scale"]
        if not math.isfinite(scale):
            raise CommandError("The scale must be a number above 0.")
        try:
            plan = simulate.prepare(options["library"], options["year"], scale=scale,
                                    days=options["days"], force=options["force"])
        except DomainError as error:
            raise CommandError(error.en) from None
        self.stdout.write(
            f"Simulating {plan.library.name} ({plan.library.agency}) from {plan.first} to "
            f"{plan.last} at scale {plan.scale:g}, seed {options['seed']}"
            + (f", follow-ups until {plan.until}" if plan.until > plan.last else ""))
        summary = simulate.run(plan, seed=options["seed"],
                               progress=self._progress if options["progress"] else None)
        self._print(summary)

    def _progress(self, day: date, summary: simulate.Summary) -> None:
        self.stdout.write(f"  {day}: {summary.done['loans']:,} loans, {summary.calls:,} "
                          f"service calls, {summary.rate:,.0f} calls/s")

    def _print(self, summary: simulate.Summary) -> None:
        console = Console(file=self.stdout, width=100)
        done = Table(title=f"Simulated {summary.agency} {summary.year}")
        done.add_column("what")
        done.add_column("count", justify="right")
        for name in ("patrons", "loan_history", "loans", "returns", "renewals",
                     "auto_renewals", "auto_renewals_refused", "reservations", "pulled",
                     "transits_received", "reservations_collected", "open_library_entries",
                     "event_series", "event_registrations", "events_held", "participants",
                     "nothing_on_the_shelf"):
            done.add_row(name.replace("_", " "), f"{summary.done[name]:,}")
        console.print(done)
        refused = Table(title="Refusals by code")
        refused.add_column("code")
        refused.add_column("count", justify="right")
        for code, count in sorted(summary.refusals.items()):
            refused.add_row(code, f"{count:,}")
        console.print(refused)
        log = Table(title="The event log of the period")
        log.add_column("kind")
        log.add_column("rows", justify="right")
        for kind, count in summary.log.items():
            log.add_row(kind, f"{count:,}")
        console.print(log)
        self.stdout.write(
            f"{summary.calls:,} service calls in {summary.elapsed:,.1f} s: "
            f"{summary.rate:,.1f} calls/s, "
            f"{summary.done['loans'] / summary.elapsed if summary.elapsed else 0:,.1f} loans/s")
