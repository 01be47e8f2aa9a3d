from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "reol.rooms"
    verbose_name = "Rooms"
