"""reol add_staff: a staff log-in with a role (desk or leader) in one library."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from reol.core import roles
from reol.core.commands import operator_language
from reol.libraries.models import Library


class Command(BaseCommand):
    help = (
        "Create a staff log-in, or update one, with a role in a library: desk (lend, take "
        "back, reserve, look after patrons) or leader (also loan rules and the event log). "
        "Staff act only in the libraries where they have a role; --superuser may act "
        "everywhere and use the whole back office. An existing user gets the new password "
        "and the role added to those they have."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--library", required=True, metavar="AGENCY",
                            help="the library's agency number, e.g. 773000")
        parser.add_argument("--role", choices=sorted(roles.ROLES), default="desk")
        parser.add_argument("--superuser", action="store_true")

    def handle(self, *args, username: str, password: str, library: str, role: str,
               superuser: bool, **options) -> None:
        with translation.override(operator_language()):
            username = username.strip()
            if not username or not password:
                raise CommandError(_("A staff log-in needs a user name and a password."))
            found = Library.objects.filter(agency=library.strip()).first()
            if found is None:
                raise CommandError(_("No library has the agency number %(agency)s.")
                                   % {"agency": library})
            with transaction.atomic():
                user, created = get_user_model().objects.get_or_create(username=username)
                user.set_password(password)
                user.is_staff = True
                user.is_superuser = user.is_superuser or superuser
                user.save()
                roles.grant(user, found, role)
            message = (_("Created %(user)s: %(role)s at %(library)s.") if created
                       else _("Updated %(user)s: %(role)s at %(library)s."))
            self.stdout.write(message % {"user": username, "role": role, "library": found.name}
                              + (" " + _("Superuser.") if user.is_superuser else ""))
