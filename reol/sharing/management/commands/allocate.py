"""reol allocate: split the central-library grant by the key (reol.sharing.grant)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from reol.core.commands import operator_language
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.sharing import grant


def known_central_libraries() -> set[str]:
    """The six of domain.md, and the central libraries of this database by name, municipality
    and region."""
    names = set(grant.CENTRAL_LIBRARIES)
    try:
        for name, municipality, region in Library.objects.filter(
                kind=Library.Kind.CENTRAL).values_list("name", "municipality", "region__name"):
            names |= {name, municipality, region}
    except DatabaseError:
        pass  # an installation not yet migrated still splits a grant by the six names
    return names


class Command(BaseCommand):
    help = (
        "Split a grant among the central libraries: a base share in equal parts, a share by "
        "each region's number of municipalities and a share by its population, read from a CSV "
        "with the columns central_library,municipalities,population. Whole kroner, each amount "
        "rounded half up from its own exact value. A bad file or bad shares print the reason "
        "and exit with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--total", required=True, metavar="DKK",
                            help="the amount to split, e.g. 65612599")
        parser.add_argument("--regions", required=True, metavar="FILE.csv",
                            help="columns central_library,municipalities,population")
        parser.add_argument("--shares", default="40,30,30", metavar="BASE,MUN,POP",
                            help="percent of the total: base, municipalities, population "
                                 "(default 40,30,30)")
        parser.add_argument("--json", action="store_true",
                            help="print a JSON list of objects instead of a table")

    def handle(self, *args, **options) -> None:
        with translation.override(operator_language()):
            try:
                text = Path(options["regions"]).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(_("Cannot read %(file)s: %(error)s")
                                   % {"file": options["regions"], "error": error}) from None
            try:
                total = grant.parse_total(options["total"])
                shares = grant.parse_shares(options["shares"])
                regions = grant.parse_regions(text, known_central_libraries())
                rows = grant.allocate(total, regions, shares)
            except DomainError as error:
                raise CommandError(error.message()) from None
            if options["json"]:
                self.stdout.write(json.dumps([r.as_dict() for r in rows], ensure_ascii=False,
                                             indent=2))
                return
            self._table(rows)

    def _table(self, rows: list[grant.Allocation]) -> None:
        table = Table(title=_("The central-library grant"))
        table.add_column(_("Central library"))
        for heading in (_("Base"), _("By municipalities"), _("By population"), _("Total"),
                        _("Percent")):
            table.add_column(heading, justify="right")
        for r in rows:
            table.add_row(r.central_library, f"{r.base:,}", f"{r.municipalities_share:,}",
                          f"{r.population_share:,}", f"{r.total:,}", f"{r.percent:.2f}")
        Console(file=self.stdout, width=100).print(table)
