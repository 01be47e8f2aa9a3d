from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "reol.community"
    verbose_name = "Volunteers and exhibitions"

    def ready(self) -> None:
        from reol.core import jobs, roles

        from .volunteers import send_reminders

        # Volunteers, their shifts, partners and exhibitions are the work of events staff.
        roles.allow("events", self.label, "view_volunteer", "change_volunteer", "view_shift",
                    "change_shift", "view_exhibition", "change_exhibition",
                    "change_submission")

        jobs.register("volunteers", lambda now: {"reminded": send_reminders(now)})
