"""reol ill: interlibrary loans from the command line (operators, cron and the two-server
test): add a peer, turn a reservation into a request, act on a request, run the jobs."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reol.circulation.models import Reservation
from reol.errors import DomainError
from reol.sharing import peers, routing, services
from reol.sharing.models import IllRequest, Peer

ACTS = {
    "accept": services.accept, "ship": services.ship, "receive": services.receive,
    "ship-back": services.ship_back, "receive-back": services.receive_back,
    "cancel": services.cancel, "renew": services.renew,
}


class Command(BaseCommand):
    help = ("Interlibrary loans: `peer ISIL URL [SECRET|-]` (another installation's "
            "/iso18626, and the credential it issued to us; - reads it from standard input), "
            "`request RESERVATION`, `accept|ship|receive|ship-back|receive-back|cancel|renew "
            "ID`, `refuse ID REASON`, `jobs` (requests, routing, deadlines, desk news, outbox), "
            "`show` (requests as JSON).")
    requires_system_checks = []  # called often by scripts: start fast
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=[*ACTS, "refuse", "peer", "request", "jobs", "show"])
        parser.add_argument("values", nargs="*")
        parser.add_argument("--sru", metavar="URL", help=(
            "with `peer`: the SRU address of its catalogue, which cataloguers copy records "
            "from (empty: none)"))

    def handle(self, *args, verb: str, **options) -> None:
        values = options["values"]
        try:
            if verb == "peer":
                if len(values) not in (2, 3):
                    raise CommandError("peer ISIL URL [SECRET|-]")
                self._peer(*values, sru=options.get("sru"))
            elif verb == "request":
                reservation = Reservation.objects.get(pk=int(values[0]))
                req = services.request_for_reservation(reservation)
                routing.route_pending()
                self.stdout.write(str(req.pk))
            elif verb == "refuse":
                services.refuse(int(values[0]), values[1])
            elif verb == "jobs":
                self.stdout.write(json.dumps(services.run_jobs()))
            elif verb == "show":
                rows = IllRequest.objects.order_by("id").values(
                    "id", "role", "state", "requester_isil", "supplier_isil", "request_id",
                    "item_barcode", "due", "renewal_pending", "candidates")
                self.stdout.write(json.dumps(list(rows), default=str))
            else:
                ACTS[verb](int(values[0]))
        except DomainError as refusal:
            raise CommandError(refusal.message("en")) from None
        except (ValueError, IndexError, Reservation.DoesNotExist) as e:
            raise CommandError(str(e)) from None
        peers.flush()

    def _peer(self, isil: str, url: str, secret: str | None = None, *,
              sru: str | None = None) -> None:
        """Without a secret an existing one is kept. Reading it from standard input keeps it
        out of the process list and the shell's history."""
        defaults = {"url": url}
        if sru is not None:
            if sru and not sru.startswith(("http://", "https://")):
                raise CommandError("--sru takes an http:// or https:// address")
            defaults["sru_url"] = sru
        if secret is not None:
            defaults["secret"] = (sys.stdin.readline() if secret == "-" else secret).strip()
        Peer.objects.update_or_create(isil=isil, defaults=defaults)
