from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "reol.search"
    verbose_name = "Search"

    def ready(self) -> None:
        from reol.catalogue import merging
        from reol.core import jobs

        # The index's rows are made from the record: a merge makes the survivor's anew.
        merging.register("search.searchfacet", None)
        merging.register("search.searchentry", None)
        from . import follow, signals, vocabulary  # noqa: F401  signals: the index follows

        # `reol serve` runs the search worker every REOL_SEARCH_FOLLOW_SECONDS; the jobs
        # (`reol run_jobs`, a cron) bring the index up to date too, for setups without it.
        jobs.register("search_index", lambda now: {
            name: int(n) for name, n in follow.step().items() if not name.endswith("_ms")})
        # The words of "Mente du …?" and the suggestions while typing, after each change.
        jobs.register("search_vocabulary", vocabulary.refresh)
