from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _roles_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """An installation that exists already gets the permissions new code gives its roles at
    its next `migrate`: once, after the last app's own permissions are made."""
    if sender is not list(apps.get_app_configs())[-1]:
        return
    from . import roles

    roles.ensure_groups()


class CoreConfig(AppConfig):
    name = "reol.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Every tracked model's saves and deletes reach the staff record, from any door.
        from . import jobs, staff_record, tracked

        tracked.connect()
        self._remembered_roles()
        post_migrate.connect(_roles_after_migrate, dispatch_uid="core-roles-after-migrate")
        jobs.register("forget_staff_record", lambda now: {
            "rows": staff_record.forget_before(now - staff_record.RETENTION)})

    def _remembered_roles(self) -> None:
        """What access.STAFF_ROLES remembers: a role given or taken, a role's permissions."""
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from reol import memo

        from .models import StaffRole

        for signal in (post_save, post_delete):
            signal.connect(memo.changed, sender=StaffRole, dispatch_uid="memo-StaffRole")
        m2m_changed.connect(memo.changed, sender=Group.permissions.through,
                            dispatch_uid="memo-group-permissions")
