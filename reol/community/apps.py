from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "reol.community"
    verbose_name = "Volunteers and exhibitions"

    def ready(self) -> None:
        from reol.core import jobs

        from .volunteers import send_reminders

        jobs.register("volunteers", lambda now: {"reminded": send_reminders(now)})
