from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "reol.insight"
    verbose_name = "Insight"

    def ready(self) -> None:
        from reol.catalogue import merging
        from reol.core import jobs

        from . import recommend

        merging.register("collection.coloan", recommend.move_coloans)
        # Co-loans must be counted while the log still carries the borrower's reference.
        jobs.register("coloans", recommend.aggregate)
