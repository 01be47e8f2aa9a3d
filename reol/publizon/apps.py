from django.apps import AppConfig


class PublizonConfig(AppConfig):
    name = "reol.publizon"
    verbose_name = "Publizon provider API"
