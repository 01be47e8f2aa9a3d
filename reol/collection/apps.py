from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "reol.collection"
    verbose_name = "Collection"

    def ready(self) -> None:
        from reol.core import jobs as core_jobs
        from reol.insight import recommend

        # Co-loans must be counted while the log still carries the borrower's reference.
        core_jobs.register("coloans", recommend.aggregate)
