"""reol revoke_api_client CLIENT_ID: take a client's tokens back and refuse it new ones."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reol.errors import DomainError
from reol.oauth import services


class Command(BaseCommand):
    help = (
        "Remove a client registered with add_api_client: every token it was given (library's "
        "and patrons') stops working at once, and it gets no new ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id")

    def handle(self, *args, client_id: str, **options) -> None:
        try:
            live = services.revoke(client_id.strip())
        except DomainError as error:
            raise CommandError(error.message()) from None
        self.stdout.write(f"Revoked {client_id}: {live} token(s) stopped working.")
