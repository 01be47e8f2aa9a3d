from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "reol.sharing"
    verbose_name = "Sharing"

    def ready(self) -> None:
        from reol.circulation import jobs

        from . import services

        jobs.register("interlibrary", services.run_jobs, before_lending=True)
