"""reol import_digital PATH: a provider's catalogue (ONIX 3.0 or MARC with 856 links)."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reol.digital import feeds
from reol.digital.models import Licence
from reol.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import a provider's catalogue of digital titles: an ONIX 3.0 message (reference tags, "
        "checked against EDItEUR's schema first; an invalid file is refused whole) or MARC21 "
        "records with 856 $u links (records without one are left out). Every title gets the "
        "licence the library bought (--licence, --copies, --loan-days, --price) and is lent "
        "through --provider. Importing again updates the same titles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument("--format", choices=("onix", "marc"), default="onix")
        parser.add_argument("--licence", choices=Licence.values, default=Licence.PAY_PER_LOAN)
        parser.add_argument("--provider", default="builtin")
        parser.add_argument("--copies", type=int, default=1,
                            help="patrons at once, for one-copy-one-user licences")
        parser.add_argument("--loan-days", type=int, default=30)
        parser.add_argument("--price", default=None,
                            help="DKK per loan; empty: each library's price per loan")

    def handle(self, *args: object, path: Path, **options: object) -> None:
        try:
            price = None if options["price"] is None else Decimal(str(options["price"]))
        except InvalidOperation as error:
            raise CommandError(f"--price is no amount: {options['price']}") from error
        licence = feeds.Licence(str(options["licence"]), str(options["provider"]),
                                int(str(options["copies"])), int(str(options["loan_days"])),
                                price)
        reader = feeds.import_onix if options["format"] == "onix" else feeds.import_marc
        try:
            with path.open("rb") as handle:
                titles = reader(handle, licence)
        except OSError as error:
            raise CommandError(f"{path}: cannot be read: {error.strerror}") from error
        except DomainError as refusal:
            raise CommandError(refusal.en) from refusal
        self.stdout.write(f"{len(titles)} digital titles imported")
