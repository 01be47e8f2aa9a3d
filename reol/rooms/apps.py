from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "reol.rooms"
    verbose_name = "Rooms"

    def ready(self) -> None:
        from reol.circulation import privacy as lending_privacy
        from reol.core import jobs, roles

        from . import privacy

        # Events and rooms staff book, approve and decline and read the usage; the desk sees
        # the day's bookings to let people in.
        roles.allow("events", self.label, "view_booking", "add_booking", "change_booking",
                    "view_room")
        roles.allow("desk", self.label, "view_booking")

        jobs.register("forget_rooms", privacy.forget)
        lending_privacy.register("rooms", erase=privacy.erase)
