from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "reol.catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from . import changes  # noqa: F401  queues every changed copy (ShelfChange)
