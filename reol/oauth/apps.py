from django.apps import AppConfig


class OauthConfig(AppConfig):
    name = "reol.oauth"
    verbose_name = "OAuth clients"

    def ready(self) -> None:
        from reol.circulation import patrons
        from reol.core import jobs

        from . import services

        jobs.register("forget_tokens", services.forget_expired)
        patrons.pin_changed.connect(services.end_patron_tokens,
                                    dispatch_uid="oauth-end-patron-tokens")
