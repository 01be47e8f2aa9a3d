from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "reol.throttle"
    verbose_name = "Throttle"

    def ready(self) -> None:
        from reol.core import jobs

        from . import staff  # noqa: F401 (its signal receivers)
        from .services import forget_old

        jobs.register("forget_attempts", lambda now: {"forgotten": forget_old(now)})
