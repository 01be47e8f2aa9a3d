"""ISO 18626 messages per second between two reol servers on this machine.

    .venv/bin/python bench/sharing_messages.py                # 500 requests
    .venv/bin/python bench/sharing_messages.py --requests 2000

Builds two installations in a temporary directory — Glostrup on A, Randers on B, each with
its own SQLite database and `reol serve` — that know each other as peers. A turns N waiting
reservations into interlibrary requests and routes them: N Request messages go to B by HTTP
POST; B takes each (matches the title, finds a copy, writes its side) and answers with a
RequestReceived SupplyingAgencyMessage back to A, also by HTTP. Every message is validated
against the ISO 18626 XSD on both ends. Then B accepts all N (N WillSupply messages to A).
Reported: messages per second over both directions, and the time per round trip.
Not part of `make test`.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reol.settings")
import django  # noqa: E402

django.setup()  # the test helpers import models; the servers themselves run in subprocesses

from tests.sharing.test_two_servers import SETUP_A, SETUP_B, Installation  # noqa: E402

MAKE_REQUESTS = """
import time
from datetime import timedelta
from django.utils import timezone
from reol.circulation.models import Reservation
from reol.sharing import peers, routing, services
from reol.sharing.models import IllMessage
from tests.factories import make_patron
first = Reservation.objects.get()
for n in range({n}):
    patron = make_patron(first.patron.library, card=f"9{n:09d}")
    Reservation.objects.create(patron=patron, record=first.record,
                               pickup_branch=first.pickup_branch, placed=timezone.now(),
                               interest_until=first.interest_until)
made = services.request_for_unfillable()
started = time.perf_counter()
routing.route_pending()
peers.flush()
elapsed = time.perf_counter() - started
print(made, elapsed, IllMessage.objects.filter(direction="in").count())
"""

ACCEPT_ALL = """
import time
from reol.sharing import services
from reol.sharing.models import IllRequest
ids = list(IllRequest.objects.filter(state="requested").values_list("pk", flat=True))
started = time.perf_counter()
for pk in ids:
    services.accept(pk)
print(len(ids), time.perf_counter() - started)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Installation("a", Path(tmp)), Installation("b", Path(tmp))
        for me, other, setup in ((a, b, SETUP_A), (b, a, SETUP_B)):
            me.reol("migrate", "--no-input", "-v", "0")
            me.python(setup.replace("{peer}", other.base + "/iso18626"))
        # Each holds the credential the other issued to it (POST /iso18626 requires it).
        a.reol("ill", "peer", "DK-773000", b.base + "/iso18626",
               b.reol("peer_credential", "DK-716100").strip())
        b.reol("ill", "peer", "DK-716100", a.base + "/iso18626",
               a.reol("peer_credential", "DK-773000").strip())
        # Enough copies at B that it takes every request.
        b.python("from reol.catalogue.models import Item\nitem = Item.objects.get()\n"
                 f"for n in range({args.requests}):\n"
                 "    item.pk = None; item.barcode = f'5773000{n:07d}'; item.save()")
        try:
            a.start()
            b.start()
            made, routed_s, answers = a.python(
                MAKE_REQUESTS.replace("{n}", str(args.requests))).split()
            made, routed_s, answers = int(made), float(routed_s), int(answers)
            accepted, accept_s = b.python(ACCEPT_ALL).split()
            accepted, accept_s = int(accepted), float(accept_s)
            states = json.loads(a.reol("ill", "show"))
        finally:
            a.stop()
            b.stop()
    will_supply = sum(1 for r in states if r["state"] == "will_supply")
    result = {
        "requests": made,
        "request_round": {"messages": made + answers, "seconds": round(routed_s, 2),
                          "messages_per_s": round((made + answers) / routed_s, 1)},
        "accept_round": {"messages": accepted, "seconds": round(accept_s, 2),
                         "messages_per_s": round(accepted / accept_s, 1)},
        "requests_now_will_supply": will_supply,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
