from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "reol.search"
    verbose_name = "Search"

    def ready(self) -> None:
        from reol.catalogue import changes
        from reol.circulation import jobs

        from . import signals  # noqa: F401  keeps the index in step with records and items

        # Searches take the queued copy changes first; the jobs keep the queue short anyway.
        jobs.register("shelf_changes", lambda now: {"records": changes.deliver()})
