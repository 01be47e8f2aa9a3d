"""HTTP connections of `reol serve`: no number of idle or slow ones keeps others out.

waitress stops accepting at its connection_limit (100 by default) and closes a connection only
after channel_timeout seconds of silence (120), so a hundred idle or byte-dribbling clients
kept every new visitor waiting. Here at most REOL_HTTP_MAX_CONNECTIONS are open (default
300), and at the limit a new connection takes the place of the oldest one that has no request
being answered, from the address that has the most such: a flood pushes out its own, never a
request in progress. Browsers open a new connection when a kept-alive one was closed.
Behind a reverse proxy every connection comes from the proxy, which holds the public's.

Why 300 and not more: waitress looks at every open connection on each turn of its loop (its
poll() set is built anew each time), so each one costs every request a little. With 1,500
idle connections held against it, a limit of 1,000 made the honest kiosk's p95 2.4× and the
web client's 4.8× their quiet figures; 300 made them 1.4× and 1.5× (bench/abuse.py).
"""

import logging
from collections import Counter

from waitress.channel import HTTPChannel

logger = logging.getLogger("reol.serve")


def slack(limit: int) -> int:
    """waitress's own limit, above ours: room for connections told to close, not yet closed."""
    return limit + max(10, limit // 10)


class Channel(HTTPChannel):
    def __init__(self, server, sock, addr, adj, map=None) -> None:
        super().__init__(server, sock, addr, adj, map)
        limit = getattr(server, "reol_max_connections", None)
        open_now = [c for c in server.active_channels.values() if not c.will_close]
        if limit is not None and len(open_now) > limit:
            make_room(server, self, open_now)


def _address(channel: HTTPChannel) -> str:
    return str(channel.addr[0]) if channel.addr else ""


def make_room(server, newcomer: HTTPChannel, open_now: list[HTTPChannel]) -> None:
    idle = [c for c in open_now if c is not newcomer and not c.requests]
    if not idle:
        newcomer.will_close = True
        logger.warning("HTTP connection from %s closed: %d connections, all answering "
                       "(REOL_HTTP_MAX_CONNECTIONS)", _address(newcomer), len(open_now) - 1)
        return
    per_address = Counter(_address(c) for c in idle)
    most = max(per_address.values())
    victim = min((c for c in idle if per_address[_address(c)] == most),
                 key=lambda c: c.creation_time)
    victim.will_close = True  # the server's loop closes it at its next turn
    logger.info("HTTP connection from %s closed: idle, and its place was needed",
                _address(victim))
