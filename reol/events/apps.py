from dataclasses import asdict

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "reol.events"
    verbose_name = "Events"

    def ready(self) -> None:
        from reol.circulation import privacy as lending_privacy
        from reol.core import jobs as core_jobs

        from . import jobs, privacy

        core_jobs.register("events", lambda now: asdict(jobs.run_all(now)))
        core_jobs.register("forget_events", privacy.forget)
        lending_privacy.register("events", export=privacy.export, erase=privacy.erase)
