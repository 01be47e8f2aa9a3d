from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "reol.selfservice"
    verbose_name = "Self-service"

    def ready(self) -> None:
        from reol.core import jobs

        from .jobs import forget_old_visits

        jobs.register("forget_visits", lambda now: {"forgotten": forget_old_visits(now)})
