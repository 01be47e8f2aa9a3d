from django.apps import AppConfig

# Acquisitions staff and leaders buy: vendors, funds, orders, receiving, invoices.
_BUYING = ["view_order", "change_order", "view_fund", "change_fund", "view_vendor",
           "change_vendor", "view_invoice", "change_invoice"]


class CollectionConfig(AppConfig):
    name = "reol.collection"
    verbose_name = "Collection"

    def ready(self) -> None:
        from reol.core import roles

        for role in ("acquisitions", "leader"):
            roles.allow(role, self.label, *_BUYING)
