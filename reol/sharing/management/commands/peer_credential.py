"""reol peer_credential ISIL [ISIL ...]: the secret another system presents at /iso18626."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reol.sharing import credentials


class Command(BaseCommand):
    help = (
        "Issue the credential of the system that sends ISO 18626 messages in the name of these "
        "agencies (ISILs, e.g. DK-773000; one system may speak for several) and print it once: "
        "only its SHA-256 is stored, and it replaces any earlier one at once. That system "
        "sends it as `Authorization: Bearer <secret>` (a reol: `reol ill peer OUR-ISIL "
        "OUR-URL -` with the secret on standard input). Messages in an agency's name without "
        "its credential get an ISO 18626 error and change nothing. --revoke removes it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("isils", nargs="+", metavar="ISIL")
        parser.add_argument("--revoke", action="store_true",
                            help="remove the agencies' credentials: their messages are refused")

    def handle(self, *args, isils: list[str], revoke: bool, **options) -> None:
        for isil in isils:
            if not isil.strip() or len(isil.strip()) > 20 or " " in isil.strip():
                raise CommandError(f"Not an ISIL: {isil!r}.")
        if revoke:
            self.stderr.write(f"{credentials.revoke(*isils)} credential(s) removed.")
            return
        self.stdout.write(credentials.issue(*isils))
