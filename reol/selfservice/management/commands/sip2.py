"""reol sip2: serve SIP2 2.00 over TCP for self-check machines and open-library doors."""

import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from reol.selfservice.server import start_in_background


class Command(BaseCommand):
    help = "Serve SIP2 for self-check machines and door controllers (Ctrl-C stops it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=settings.SIP2_PORT,
                            help=f"port to listen on (default {settings.SIP2_PORT})")

    def handle(self, *args, host: str, port: int, **options) -> None:
        stop = start_in_background(host, port)
        self.stdout.write(f"reol serves SIP2 on {host}:{stop.port}  (Ctrl-C stops it)")
        self.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            stop()
            self.stdout.write("reol SIP2 stopped.")
