"""reol sip2: serve SIP2 2.00 over TCP for self-check machines and open-library doors.

Supervised like the parts of `reol serve` (reol/supervise.py): a server that stops is started
again, with a line in the log."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reol.selfservice.server import Running, start_in_background
from reol.supervise import Part, Supervisor, raise_open_files_limit


class Command(BaseCommand):
    help = "Serve SIP2 for self-check machines and door controllers (Ctrl-C stops it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=settings.SIP2_PORT,
                            help=f"port to listen on (default {settings.SIP2_PORT})")

    def handle(self, *args, host: str, port: int, **options) -> None:
        raise_open_files_limit()
        running: list[Running] = []

        def start() -> None:
            running[:] = [start_in_background(host, port)]

        supervisor = Supervisor([Part("the SIP2 server", start,
                                      lambda: bool(running) and running[0].thread.is_alive(),
                                      lambda: running and running[0]())])
        start()  # a taken port stops the command at once
        self.stdout.write(f"reol serves SIP2 on {host}:{running[0].port}  (Ctrl-C stops it)")
        self.stdout.flush()
        try:
            supervisor.run()
        except KeyboardInterrupt:
            self.stdout.write("reol SIP2 stopped.")
        finally:
            supervisor.stop()
