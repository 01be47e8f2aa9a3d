from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CirculationConfig(AppConfig):
    name = "reol.circulation"
    verbose_name = "Circulation"

    def ready(self) -> None:
        from reol.libraries.models import Library

        from . import facts
        from .models import LoanRule

        for model in (LoanRule, Library):
            for signal in (post_save, post_delete):
                signal.connect(facts.RULE_CELLS.forget, sender=model,
                               dispatch_uid=f"rule-cells-{model.__name__}")
