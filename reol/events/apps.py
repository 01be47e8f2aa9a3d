from dataclasses import asdict

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "reol.events"
    verbose_name = "Events"

    def ready(self) -> None:
        from reol.circulation import jobs as lending_jobs

        from . import jobs

        lending_jobs.register("events", lambda now: asdict(jobs.run_all(now)))
