from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CirculationConfig(AppConfig):
    name = "reol.circulation"
    verbose_name = "Circulation"

    def ready(self) -> None:
        from reol.libraries.models import Branch, Library

        from . import facts, jobs, privacy
        from .models import LoanRule

        # After lending's own jobs; every app's part of forgetting registers the same way.
        jobs.register("forget", privacy.forget)

        for memory, models in ((facts.RULE_CELLS, (LoanRule, Library)),
                               (facts.BRANCHES, (Branch, Library))):
            for model in models:
                for signal in (post_save, post_delete):
                    signal.connect(memory.forget, sender=model,
                                   dispatch_uid=f"{id(memory)}-{model.__name__}")
