from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "reol.selfservice"
    verbose_name = "Self-service"
