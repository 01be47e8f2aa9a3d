"""Who is at the other end of a request: the client's address, as far as reol can trust it.

Behind a reverse proxy every request comes from the proxy; the proxy names the client in
X-Forwarded-For. Anyone can send that header, so it is believed only from the proxies named by
REOL_TRUSTED_PROXIES (or REOL_BEHIND_PROXY=1: this machine), and only as far back as the chain
of trusted proxies reaches: the first address, from the right, that is not a trusted proxy is
the client. What stands further left was written by the client and may be anything.
"""

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def trusted_proxy(address: str, proxies: Sequence[str] | None = None) -> bool:
    """Whether `address` is one of the reverse proxies whose forwarding headers reol believes."""
    parsed = _parse(address)
    if parsed is None:
        return False
    networks = _networks(tuple(settings.REOL_TRUSTED_PROXIES if proxies is None else proxies))
    return any(parsed.version == net.version and parsed in net for net in networks)


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or behind trusted proxies the address they name.

    Per-address limits (log-in throttles) count by this, so a client cannot escape them by
    sending its own X-Forwarded-For, and the proxy's address does not stand for everyone.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not trusted_proxy(remote):
        return remote
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # not an address: nothing further left can be trusted
            break
        client = str(address)
        if not trusted_proxy(client):
            break
    return client
