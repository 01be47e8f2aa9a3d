from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "reol.transfer"
    verbose_name = "Transfer (a library's data in and out)"

    def ready(self) -> None:
        # Each module registers its kinds of file, in the order an import reads them.
        from . import (  # noqa: F401  # noqa: F401
            kinds_catalogue,
            kinds_fees,
            kinds_figures,
            kinds_lending,
            kinds_library,
            kinds_patrons,
        )
