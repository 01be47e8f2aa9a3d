from dataclasses import asdict

from django.apps import AppConfig

DESK_WORK = ("view_occurrence", "change_attendance")
EVENTS_WORK = ("add_eventseries", "change_eventseries", "change_occurrence")


class EventsConfig(AppConfig):
    name = "reol.events"
    verbose_name = "Events"

    def ready(self) -> None:
        from reol.circulation import privacy as lending_privacy
        from reol.core import jobs as core_jobs
        from reol.core import roles

        from . import jobs, privacy

        # Events staff plan, change and cancel events; the desk checks people in (attendance).
        roles.allow("events", self.label, *EVENTS_WORK, *DESK_WORK)
        roles.allow("desk", self.label, *DESK_WORK)

        core_jobs.register("events", lambda now: asdict(jobs.run_all(now)))
        core_jobs.register("forget_events", privacy.forget)
        lending_privacy.register("events", export=privacy.export, erase=privacy.erase)
