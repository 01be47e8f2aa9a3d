from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "reol.collection"
    verbose_name = "Collection"
