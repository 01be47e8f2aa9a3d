from django.apps import AppConfig


class OaiConfig(AppConfig):
    name = "reol.oai"
    verbose_name = "OAI-PMH"
