"""reol print_transport: the day's sorting lists per hub and pack lists per library."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reol.core.commands import operator_language
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.transport import services
from reol.transport.models import Hub


class Command(BaseCommand):
    help = ("Print the day's lists of the transport scheme: for each sorting hub its crates per "
            "destination with a routing slip per copy (by library number), and for each "
            "library what to pack for the van.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
        parser.add_argument("--hub", metavar="CODE", help="only this hub's sorting list")
        parser.add_argument("--library", metavar="AGENCY", help="only this library's pack list")

    def handle(self, *args, **options) -> None:
        with translation.override(operator_language()):
            try:
                day = date.fromisoformat(options["date"]) if options["date"] \
                    else timezone.localdate()
            except ValueError:
                raise CommandError(_("The date must be YYYY-MM-DD.")) from None
            try:
                if not options["library"]:
                    hubs = Hub.objects.filter(sorted_at=None)
                    if options["hub"]:
                        hubs = Hub.objects.filter(code=options["hub"])
                        if not hubs:
                            services.sorting_list(options["hub"], day)  # refuses
                    for hub in hubs:
                        self._sorting(hub, day)
                if not options["hub"]:
                    libraries = Library.objects.order_by("agency")
                    if options["library"]:
                        libraries = libraries.filter(agency=options["library"])
                        if not libraries:
                            raise CommandError(_("No library has the agency number %s.")
                                               % options["library"])
                    for library in libraries:
                        self._pack(services.pack_list(library, day), bool(options["library"]))
            except DomainError as error:
                raise CommandError(error.message()) from None

    def _sorting(self, hub: Hub, day: date) -> None:
        crates = services.sorting_list(hub.code, day)
        heading = _("Sorting list")
        self.stdout.write(f"== {heading} {hub.name} {day.isoformat()} ==")
        if not crates:
            self.stdout.write(_("Nothing to sort."))
        for crate in crates:
            self._crate(crate)
        self.stdout.write("")

    def _pack(self, packing: services.PackList, always: bool) -> None:
        if not packing.crates and not always:
            return
        heading = _("Pack list")
        self.stdout.write(f"== {heading} {packing.library.agency} "
                          f"{packing.library.name} {packing.day.isoformat()} ==")
        if not packing.crates:
            self.stdout.write(_("Nothing to pack."))
        for crate in packing.crates:
            self._crate(crate)
        self.stdout.write("")

    def _crate(self, crate: services.Crate) -> None:
        kind = _("national route") if crate.national else _("library")
        label, expected = _("Crate"), _("expected")
        self.stdout.write(f"{label} {crate.destination} {crate.name} ({kind}): "
                          f"{len(crate.slips)}")
        for s in crate.slips:
            self.stdout.write(f"  {s.agency}  {s.barcode}  {s.title[:50]}  → {s.branch}  "
                              f"({expected} {s.delivery.isoformat()})")
