from django.apps import AppConfig


class FbsConfig(AppConfig):
    name = "reol.fbs"
    verbose_name = "FBS Adapter"
