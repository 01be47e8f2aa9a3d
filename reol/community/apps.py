from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "reol.community"
    verbose_name = "Volunteers and exhibitions"
