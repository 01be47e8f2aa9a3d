from django.apps import AppConfig


class FbiConfig(AppConfig):
    name = "reol.fbi"
    verbose_name = "The national catalogue's GraphQL (FBI)"
