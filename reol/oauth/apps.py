from django.apps import AppConfig


class OauthConfig(AppConfig):
    name = "reol.oauth"
    verbose_name = "OAuth clients"

    def ready(self) -> None:
        from reol.core import jobs

        from . import services

        jobs.register("forget_tokens", services.forget_expired)
