from django.apps import AppConfig


class CirculationConfig(AppConfig):
    name = "reol.circulation"
    verbose_name = "Circulation"
