from django.apps import AppConfig

VIEW_NETWORK_FIGURES = "view_network_figures"


class TransportConfig(AppConfig):
    name = "reol.transport"
    verbose_name = "Transport"

    def ready(self) -> None:
        from reol.core import roles

        # The desk packs crates and a hub's desk sorts them (Transit is circulation's; the
        # desk holds view_transit). The grant key and the network's interlibrary figures are
        # the network administrator's and the leaders'.
        for role in ("network", "leader"):
            roles.allow(role, self.label, VIEW_NETWORK_FIGURES)
