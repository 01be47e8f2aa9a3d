from django.apps import AppConfig


class TransportConfig(AppConfig):
    name = "reol.transport"
    verbose_name = "Transport"
