from django.apps import AppConfig


class OauthConfig(AppConfig):
    name = "reol.oauth"
    verbose_name = "OAuth clients"
