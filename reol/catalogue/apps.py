from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "reol.catalogue"
    verbose_name = "Catalogue"
