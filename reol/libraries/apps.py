from django.apps import AppConfig


class LibrariesConfig(AppConfig):
    name = "reol.libraries"
    verbose_name = "Libraries"
