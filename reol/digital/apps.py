from django.apps import AppConfig


class DigitalConfig(AppConfig):
    name = "reol.digital"
    verbose_name = "Digital library"

    def ready(self) -> None:
        from reol.collection import services as acquisitions
        from reol.core import jobs, roles

        from . import privacy, services

        # The budget overview shows what digital loans spent of the digital fund.
        acquisitions.register_spender("digital", services.spent_by_fund)
        jobs.register("forget_digital", privacy.forget)
        # A library's caps, budget period and price per loan: its leader's to set.
        roles.allow("leader", self.label, services.CHANGE_TERMS)
