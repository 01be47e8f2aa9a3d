from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LibrariesConfig(AppConfig):
    name = "reol.libraries"
    verbose_name = "Libraries"

    def ready(self) -> None:
        from reol import memo

        from .models import Branch, OpeningException, OpeningPattern

        # What calendar.OPEN_DAYS remembers.
        for model in (Branch, OpeningPattern, OpeningException):
            for signal in (post_save, post_delete):
                signal.connect(memo.changed, sender=model, dispatch_uid=f"memo-{model.__name__}")
