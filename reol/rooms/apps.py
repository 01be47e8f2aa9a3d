from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "reol.rooms"
    verbose_name = "Rooms"

    def ready(self) -> None:
        from reol.circulation import privacy as lending_privacy
        from reol.core import jobs

        from . import privacy

        jobs.register("forget_rooms", privacy.forget)
        lending_privacy.register("rooms", erase=privacy.erase)
