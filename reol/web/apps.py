from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "reol.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from reol.core import roles

        # Leaders and editors choose what the front page shows (reol/web/front.py).
        for role in ("leader", "editor"):
            roles.allow(role, self.label, "change_frontblock")
