"""reol add_sip2_terminal: create (or change) a SIP2 terminal account."""

from django.core.management.base import BaseCommand, CommandError

from reol.libraries.models import Branch
from reol.selfservice.models import Sip2Terminal


class Command(BaseCommand):
    help = "Create or update a SIP2 terminal: the login a self-check machine or door uses."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--login", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--branch", required=True, help="the branch code (CP)")
        parser.add_argument("--no-pin", action="store_true",
                            help="patrons need not give a PIN at this machine")
        parser.add_argument("--language", choices=["da", "en"], default="da",
                            help="screen messages (default da)")
        parser.add_argument("--door", action="store_true",
                            help="an open-library door controller, not a self-check machine")

    def handle(self, *args, login: str, password: str, branch: str, no_pin: bool,
               language: str, door: bool, **options) -> None:
        found = Branch.objects.filter(code=branch).first()
        if found is None:
            raise CommandError(f"No branch has the code {branch}.")
        if not login.strip() or not password:
            raise CommandError("A terminal needs a login and a password.")
        terminal = Sip2Terminal.objects.filter(login=login.strip()).first() or Sip2Terminal(
            login=login.strip())
        terminal.set_password(password)
        terminal.branch, terminal.pin_required, terminal.language = found, not no_pin, language
        terminal.kind = Sip2Terminal.Kind.DOOR if door else Sip2Terminal.Kind.KIOSK
        terminal.active = True
        created = terminal.pk is None
        terminal.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} SIP2 terminal {terminal.login}"
                          f" at {found.code} ({found.library.isil}).")
