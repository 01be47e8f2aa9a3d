from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "reol.web"
    verbose_name = "Web"
