from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reol.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Every tracked model's saves and deletes reach the staff record, from any door.
        from . import tracked

        tracked.connect()
