from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "reol.sharing"
    verbose_name = "Sharing"

    def ready(self) -> None:
        from reol.circulation import jobs, reservations

        from . import services

        jobs.register("interlibrary", services.run_jobs, before_lending=True)
        reservations.register_destination(services.returned_copy)
