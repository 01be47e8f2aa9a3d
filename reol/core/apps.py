from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reol.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Every tracked model's saves and deletes reach the staff record, from any door.
        from . import jobs, staff_record, tracked

        tracked.connect()
        jobs.register("forget_staff_record", lambda now: {
            "rows": staff_record.forget_before(now - staff_record.RETENTION)})
