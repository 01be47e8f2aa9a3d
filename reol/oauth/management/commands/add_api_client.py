"""reol add_api_client --library AGENCY --name NAME: a library's client of POST /oauth/token."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reol.errors import DomainError
from reol.libraries.models import Library
from reol.oauth import services
from reol.refusals import refuse


class Command(BaseCommand):
    help = (
        "Register a client of the library's (its web site or app) for POST /oauth/token and "
        "print `client_id=…` and `client_secret=…` on two lines. The secret is shown only "
        "now (it is kept hashed). The client gets the library's tokens (client credentials) "
        "and, with a patron's card and PIN (the password grant), that patron's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", required=True, help="the library's agency number")
        parser.add_argument("--name", required=True, help="what the client is, e.g. its site")

    def handle(self, *args, library: str, name: str, **options) -> None:
        found = Library.objects.filter(agency=library.strip()).first()
        try:
            if found is None:
                raise refuse("unknown_library.agency", agency=library)
            client_id, secret = services.add_client(found, name)
        except DomainError as error:
            raise CommandError(error.message()) from None
        self.stdout.write(f"client_id={client_id}\nclient_secret={secret}")
