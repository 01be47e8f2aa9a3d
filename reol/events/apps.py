from dataclasses import asdict

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "reol.events"
    verbose_name = "Events"

    def ready(self) -> None:
        from reol.circulation import jobs as lending_jobs
        from reol.circulation import privacy as lending_privacy

        from . import jobs, privacy

        lending_jobs.register("events", lambda now: asdict(jobs.run_all(now)))
        lending_jobs.register("forget_events", privacy.forget)
        lending_privacy.register("events", export=privacy.export, erase=privacy.erase)
