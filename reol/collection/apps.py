from django.apps import AppConfig

# Who looks after the copies (their status, stocktakes, weeding lists carried out): the desk,
# cataloguers and leaders, each in their own library (collection/copies.py asks).
COPY_ROLES = ("desk", "cataloguing", "leader")
# Acquisitions staff and leaders buy: vendors, funds, orders, receiving, invoices.
_BUYING = ["view_order", "change_order", "view_fund", "change_fund", "view_vendor",
           "change_vendor", "view_invoice", "change_invoice"]


class CollectionConfig(AppConfig):
    name = "reol.collection"
    verbose_name = "Collection"

    def ready(self) -> None:
        from reol.core import roles

        for role in COPY_ROLES:
            roles.allow(role, "catalogue", "change_item")
        for role in ("acquisitions", "leader"):
            roles.allow(role, self.label, *_BUYING)
