import logging

from django.apps import AppConfig


class SruConfig(AppConfig):
    name = "reol.sru"
    verbose_name = "SRU"

    def ready(self) -> None:
        # The CQL parser logs every syntax error it meets; a garbled query from the internet
        # is answered with diagnostic 10, not written to the server's log.
        logging.getLogger("cql").setLevel(logging.CRITICAL)
