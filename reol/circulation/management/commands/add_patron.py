"""reol add_patron: register a patron from the command line, through patrons.register."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from reol.circulation import patrons
from reol.core.commands import operator_language
from reol.errors import DomainError
from reol.refusals import refuse


class Command(BaseCommand):
    help = (
        "Register a patron: card number, PIN (4 to 8 digits, stored only as an Argon2 hash), "
        "name, birth date and home library (its agency number). Checked by the same rules as "
        "the desk's form; on a refusal nothing is written, the reason is printed (in Danish; "
        "LANGUAGE=en for English) and the exit status is 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--card", required=True, help="the library card's number")
        parser.add_argument("--pin", required=True, help="4 to 8 digits")
        parser.add_argument("--name", required=True)
        parser.add_argument("--birth-date", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--library", required=True, metavar="AGENCY",
                            help="the home library's agency number, e.g. 716100")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="", help="a mobile number: notices by SMS")
        parser.add_argument("--language", default="da",
                            help="the patron's language for pages and notices: da or en")
        parser.add_argument("--pickup-branch", default="", metavar="CODE",
                            help="where reservations are collected, a branch code")
        parser.add_argument("--guardian-card", default="", metavar="CARD",
                            help="for a child: a parent's or guardian's card")

    def handle(self, *args, **options) -> None:
        with translation.override(operator_language()):
            try:
                patron = patrons.register(patrons.PatronData(
                    card=options["card"], pin=options["pin"], name=options["name"],
                    birth_date=_birth_date(options["birth_date"]), library=options["library"],
                    email=options["email"], phone=options["phone"],
                    language=options["language"], pickup_branch=options["pickup_branch"],
                    guardian_card=options["guardian_card"],
                ))
            except DomainError as error:
                raise CommandError(error.message()) from None
            self.stdout.write(_("Registered %(name)s, card %(card)s, at %(library)s.") % {
                "name": patron.name, "card": patron.card, "library": patron.library.name})


def _birth_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise refuse("bad_birth_date") from None
