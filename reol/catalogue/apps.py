from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "reol.catalogue"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        # changes queues every changed copy (ShelfChange); works regroups every saved record.
        from reol.core import roles

        from . import changes, works  # noqa: F401

        # Cataloguers look after records, works, covers and copies.
        roles.allow("cataloguing", self.label, "change_record", "change_work", "add_item",
                    "change_item")
