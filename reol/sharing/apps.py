from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "reol.sharing"
    verbose_name = "Sharing"
