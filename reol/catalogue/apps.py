from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "reol.catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        # changes queues every changed copy (ShelfChange); works regroups every saved record.
        from . import changes, works  # noqa: F401
