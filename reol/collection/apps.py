from django.apps import AppConfig

# Who looks after the copies (their status, stocktakes, weeding lists carried out): the desk,
# cataloguers and leaders, each in their own library (collection/copies.py asks).
COPY_ROLES = ("desk", "cataloguing", "leader")


class CollectionConfig(AppConfig):
    name = "reol.collection"
    verbose_name = "Collection"

    def ready(self) -> None:
        from reol.core import roles

        for role in COPY_ROLES:
            roles.allow(role, "catalogue", "change_item")
