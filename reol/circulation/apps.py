from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete

# Front-desk staff lend, take back, reserve and look after patrons; leaders also set the loan
# rules and read the patron change log.
_DESK = ["view_patron", "add_patron", "change_patron", "add_block", "change_block",
         "view_loan", "change_loan", "view_reservation", "add_reservation",
         "change_reservation", "view_transit"]
# Leaders and acquisitions staff answer the patrons' purchase suggestions.
_SUGGESTIONS = ["view_purchasesuggestion", "change_purchasesuggestion"]
ROLE_PERMISSIONS = {
    "desk": _DESK,
    "leader": [*_DESK, "view_loanrule", "add_loanrule", "change_loanrule", "delete_loanrule",
               "view_patronchange", *_SUGGESTIONS],
    "acquisitions": _SUGGESTIONS,
}


class CirculationConfig(AppConfig):
    name = "reol.circulation"
    verbose_name = "Circulation"

    def ready(self) -> None:
        from reol import memo
        from reol.core import jobs as core_jobs
        from reol.core import roles
        from reol.libraries.models import Branch, Library

        from . import jobs, privacy
        from .models import LoanRule, Patron

        jobs.register()
        # After lending's own jobs; every app's part of forgetting registers the same way.
        core_jobs.register("forget", privacy.forget)
        # The outbox holds its patron as a plain id: a patron's notices go with the patron.
        pre_delete.connect(privacy.delete_notices, sender=Patron,
                           dispatch_uid="circulation-patron-notices")
        for role, codenames in ROLE_PERMISSIONS.items():
            roles.allow(role, self.label, *codenames)

        # What facts.RULE_CELLS and facts.BRANCHES remember.
        for model in (LoanRule, Library, Branch):
            for signal in (post_save, post_delete):
                signal.connect(memo.changed, sender=model, dispatch_uid=f"memo-{model.__name__}")

        # Reservations of a record merged into another: one place per patron (merged.py).
        from reol.catalogue import merging

        from . import merged

        merging.register("circulation.reservation", merged.move_reservations)
