"""reol serve: pages, API and static files from one production WSGI server (waitress).

One process with threads: SQLite takes one writer at a time, and waitress's thread pool
shares the process's database file without the unfair locking of many worker processes.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.wsgi import get_wsgi_application


class Command(BaseCommand):
    help = "Serve reol's pages, JSON API and static files (Ctrl-C stops it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--threads", type=int, default=8, help="request threads")

    def handle(self, *args, host: str, port: int, threads: int, **options) -> None:
        from waitress import serve

        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"reol serves http://{host}:{port}/  (Ctrl-C stops it)")
        self.stdout.flush()
        try:
            serve(get_wsgi_application(), host=host, port=port, threads=threads, ident="reol",
                  _quiet=True)
        except KeyboardInterrupt:
            self.stdout.write("reol stopped.")
