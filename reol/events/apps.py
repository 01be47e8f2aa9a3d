from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "reol.events"
    verbose_name = "Events"
