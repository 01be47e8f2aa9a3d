from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "reol.sharing"
    verbose_name = "Sharing"

    def ready(self) -> None:
        from reol.circulation import privacy, reservations
        from reol.core import jobs

        from . import privacy as ill_privacy
        from . import services

        jobs.register("interlibrary", services.run_jobs, stage=jobs.Stage.EARLY)
        jobs.register("forget_interlibrary", ill_privacy.forget)
        privacy.register("interlibrary", export=ill_privacy.export, erase=ill_privacy.erase)
        reservations.register_destination(services.returned_copy)
