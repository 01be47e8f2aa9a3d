from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LibrariesConfig(AppConfig):
    name = "reol.libraries"
    verbose_name = "Libraries"

    def ready(self) -> None:
        from . import calendar
        from .models import Branch, OpeningException, OpeningPattern

        for model in (Branch, OpeningPattern, OpeningException):
            for signal in (post_save, post_delete):
                signal.connect(calendar.OPEN_DAYS.forget, sender=model,
                               dispatch_uid=f"open-days-{model.__name__}")
