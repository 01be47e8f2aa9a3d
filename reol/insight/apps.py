from django.apps import AppConfig

VIEW_STATISTICS, VIEW_ADVICE = "view_statistics", "view_collection_advice"


class InsightConfig(AppConfig):
    name = "reol.insight"
    verbose_name = "Insight"

    def ready(self) -> None:
        from reol.catalogue import merging
        from reol.core import jobs, roles

        from . import recommend

        merging.register("collection.coloan", recommend.move_coloans)
        # Statistics and the dashboard are the leadership's; the advice on buying more copies
        # and weeding (holds ratio, weeding list, collection profile) is the collection's.
        roles.allow("leader", self.label, VIEW_STATISTICS)
        for role in ("acquisitions", "cataloguing"):
            roles.allow(role, self.label, VIEW_ADVICE)

        # Co-loans must be counted while the log still carries the borrower's reference.
        jobs.register("coloans", recommend.aggregate)
