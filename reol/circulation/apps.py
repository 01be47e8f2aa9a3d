from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class CirculationConfig(AppConfig):
    name = "reol.circulation"
    verbose_name = "Circulation"

    def ready(self) -> None:
        from django.contrib.auth.models import Group

        from reol import memo
        from reol.core import staff_record
        from reol.libraries.models import Branch, Library

        from . import jobs, privacy
        from .models import LoanRule, StaffRole

        # After lending's own jobs; every app's part of forgetting registers the same way.
        jobs.register("forget", privacy.forget)
        jobs.register("forget_staff_record", lambda now: {
            "rows": staff_record.forget_before(now - staff_record.RETENTION)})

        # What facts.RULE_CELLS, facts.BRANCHES and patrons.STAFF_ROLES remember.
        for model in (LoanRule, Library, Branch, StaffRole):
            for signal in (post_save, post_delete):
                signal.connect(memo.changed, sender=model, dispatch_uid=f"memo-{model.__name__}")
        m2m_changed.connect(memo.changed, sender=Group.permissions.through,
                            dispatch_uid="memo-group-permissions")
