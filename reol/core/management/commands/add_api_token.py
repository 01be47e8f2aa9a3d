"""reol add_api_token --user USERNAME --name NAME: a staff member's token for the API."""

import hashlib

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reol.core.models import ApiToken, StaffRole
from reol.core.tokens import new_secret


class Command(BaseCommand):
    help = (
        "Make an API token for a member of staff and print it once: only its SHA-256 is "
        "stored, so a lost token cannot be shown again (make a new one and delete the old in "
        "the admin). Use it as `Authorization: Bearer <token>`; it acts with the user's roles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the staff member's user name")
        parser.add_argument("--name", required=True,
                            help="what the token is for, e.g. the system that uses it")

    def handle(self, *args, user: str, name: str, **options) -> None:
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"No user is called {user!r}.")
        if not owner.is_active:
            raise CommandError(f"The user {user!r} is not active.")
        name = name.strip()
        if not name or len(name) > 100:
            raise CommandError("The name must be 1 to 100 characters.")
        if not (owner.is_superuser or StaffRole.objects.filter(user=owner).exists()):
            self.stderr.write(f"Note: {user} has no staff role yet; the API will refuse the "
                              "token until they get one.")
        token = new_secret()
        ApiToken.objects.create(user=owner, name=name,
                                digest=hashlib.sha256(token.encode()).hexdigest())
        self.stdout.write(token)
