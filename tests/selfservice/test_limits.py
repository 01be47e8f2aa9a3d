"""No client takes the SIP2 server, over real TCP: limits on connections in all and per
address, a log-in deadline and a lifetime, and Argon2 checks that never hold the database
thread every kiosk's loans wait for."""

import logging
import socket
import threading

import argon2
import pytest

from reol.selfservice.places import Places
from reol.selfservice.server import client_address
from reol.selfservice.workers import Workers
from tests.factories import make_item, make_patron, make_record

from .conftest import Raw, fields

pytestmark = pytest.mark.django_db(transaction=True)
DATE = "20261122    101010"


OPEN: list[socket.socket] = []


@pytest.fixture(autouse=True)
def _close_sockets():
    yield
    while OPEN:
        OPEN.pop().close()


def connect(port: int, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=15,
                                    source_address=(source, 0))
    OPEN.append(sock)
    return sock


def kiosk_at(port: int, source: str = "127.0.0.1") -> Raw:
    """A client from `source` (any address of 127.0.0.0/8 is this machine)."""
    kiosk = Raw.__new__(Raw)
    kiosk.sock, kiosk.pending = connect(port, source), b""
    return kiosk


def closed_by_server(sock: socket.socket) -> bool:
    """True when the server closes the connection (reading blocks until it does)."""
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def test_connections_over_the_per_address_limit_are_closed_while_other_kiosks_work(
        place, sip2_server, caplog):
    server = sip2_server(max_per_address=5, max_connections=100)
    held = [connect(server.port) for _ in range(5)]
    kiosk = kiosk_at(server.port)  # five connections from this address already:
    with caplog.at_level(logging.WARNING, "reol.selfservice.server"):
        assert kiosk.login() == ""  # the sixth is closed at once
    assert "5 connections from this address" in caplog.text
    other = kiosk_at(server.port, "127.0.0.2")  # another address is let in
    assert other.login() == "941"
    patron = make_patron(place.network.glostrup)
    item = make_item(make_record("Ærlig"), place.network.glostrup_main)
    lent = other.ask(f"11NN{DATE}{' ' * 18}AODK-716100|AA{patron.card}|AB{item.barcode}|"
                     f"AC|AD1234|")
    assert lent.startswith("121")
    held.pop().close()  # a place is free again for the first address
    again = kiosk_at(server.port)
    assert again.login() == "941"


def test_when_all_places_are_taken_idle_connections_give_way_to_kiosks_that_log_in(
        place, sip2_server, caplog):
    server = sip2_server(max_per_address=100, max_connections=3)
    kiosk = kiosk_at(server.port, "127.0.0.2")
    assert kiosk.login() == "941"
    idle = [connect(server.port, "127.0.0.3") for _ in range(2)]  # every place is taken
    newcomer = kiosk_at(server.port, "127.0.0.4")
    assert newcomer.login() == "941"  # in the place of the oldest idle connection
    assert closed_by_server(idle[0])
    third = kiosk_at(server.port, "127.0.0.5")
    assert third.login() == "941"
    assert closed_by_server(idle[1])
    with caplog.at_level(logging.WARNING, "reol.selfservice.server"):
        assert closed_by_server(connect(server.port, "127.0.0.6"))  # all three logged in
    assert "3 connections in all, all logged in" in caplog.text
    assert "its place was needed" in caplog.text
    for machine in (kiosk, newcomer, third):  # nobody who logged in lost their place
        assert machine.ask("9900802.00").startswith("98Y")


def test_the_address_with_the_most_idle_connections_gives_way_first():
    places = Places(total=4, per_address=10)
    for key, address in [("kiosk", "10.0.0.1"), ("a1", "10.0.0.9"), ("b1", "10.0.0.2"),
                         ("a2", "10.0.0.9")]:
        assert places.admit(key, address).admitted
    places.logged_in("kiosk")
    assert places.admit("new", "10.0.0.3").pushed_out == "a1"  # 10.0.0.9 had two waiting
    assert places.admit("newer", "10.0.0.4").pushed_out == "b1"  # oldest of the ties
    places.logged_in("new")
    places.logged_in("newer")
    assert places.admit("c", "10.0.0.5").pushed_out == "a2"
    places.logged_in("c")
    refused = places.admit("d", "10.0.0.6")
    assert not refused.admitted and "all logged in" in refused.reason
    assert len(places) == 4


def dribble(sock: socket.socket, start: bytes = b"") -> bool:
    """Send one byte of a message that never ends every 0.05 s; True when the server closes
    the connection within 400 bytes (20 s), long before its idle timeout or line limit."""
    sock.sendall(start)
    sock.settimeout(0.05)
    for _ in range(400):
        try:
            if sock.recv(1) == b"":
                return True
        except TimeoutError:
            pass
        except ConnectionResetError:
            return True
        try:
            sock.sendall(b"9")
        except (BrokenPipeError, ConnectionResetError):
            return True
    return False


def test_a_logged_in_byte_dribbler_is_closed_when_its_lifetime_is_over(
        place, sip2_server, caplog):
    server = sip2_server(idle_timeout=60, lifetime=1, max_line=4096)
    kiosk = kiosk_at(server.port)
    assert kiosk.login() == "941"
    with caplog.at_level(logging.WARNING, "reol.selfservice.server"):
        assert dribble(kiosk.sock, b"99")
    assert "lifetime over" in caplog.text


def test_a_connection_that_never_logs_in_is_closed_at_the_log_in_deadline(
        place, sip2_server, caplog):
    server = sip2_server(idle_timeout=60, login_timeout=1)
    sock = connect(server.port)
    with caplog.at_level(logging.WARNING, "reol.selfservice.server"):
        assert dribble(sock, b"99")
    assert "no log-in" in caplog.text
    kiosk = kiosk_at(server.port)  # one that logs in stays
    assert kiosk.login() == "941" and kiosk.ask("9900802.00").startswith("98Y")


@pytest.fixture
def held_argon2(monkeypatch):
    """Argon2 checks of the secret 'held' wait until the test lets them go; the threads they
    ran on are recorded."""
    release, started, threads = threading.Event(), threading.Event(), []
    real = argon2.PasswordHasher.verify

    def verify(self, hash, password):
        threads.append(threading.current_thread().name)
        if password in ("held", b"held"):
            started.set()
            release.wait(30)
        return real(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", verify)
    yield started, release, threads
    release.set()


@pytest.mark.parametrize("guess", ["login", "pin"])
def test_a_kiosk_lends_while_another_connections_argon2_check_is_under_way(
        place, sip2, held_argon2, guess):
    started, release, threads = held_argon2
    patron = make_patron(place.network.glostrup)
    item = make_item(make_record("Ikke i kø"), place.network.glostrup_main)
    kiosk = kiosk_at(sip2.port)
    assert kiosk.login() == "941"
    status = kiosk.ask(f"23009{DATE}AODK-716100|AA{patron.card}|AC|AD1234|")
    assert fields(status)["CQ"] == ["Y"]  # the PIN is known on this connection from now on
    guesser = kiosk_at(sip2.port, "127.0.0.9")
    if guess == "login":
        guesser.send(b"9300CNkiosk-1|COheld|CPglostrup|")
    else:
        assert guesser.login() == "941"
        guesser.send(f"63009{DATE}{' ' * 10}AODK-716100|AA{patron.card}|ADheld|".encode())
    assert started.wait(15)  # the guess is being checked, and holds its thread
    lent = kiosk.ask(f"11NN{DATE}{' ' * 18}AODK-716100|AA{patron.card}|AB{item.barcode}|"
                     f"AC|AD1234|")
    assert lent.startswith("121")
    release.set()
    assert guesser.reply()[:3] in ("940", "64 ")  # refused, once its check is done
    assert threads and all(name.startswith("sip2-argon2") for name in threads), threads


def test_workers_take_jobs_in_turn_per_client_address():
    workers, order, gate = Workers(1), [], threading.Event()
    workers.submit(gate.wait, key="first")  # the one thread is busy while the line forms
    flood = [workers.submit(order.append, ("flood", n), key="10.0.0.1") for n in range(5)]
    honest = workers.submit(order.append, ("honest", 0), key="10.0.0.2")
    gate.set()
    honest.result(15)
    for job in flood:
        job.result(15)
    workers.stop()
    assert order.index(("honest", 0)) == 1  # right after the flood's first job


def test_work_from_addresses_terminals_logged_in_from_goes_first():
    workers, order, gate = Workers(1), [], threading.Event()
    workers.submit(gate.wait, key="first")
    flood = [workers.submit(order.append, ("guess", n), key=f"10.0.1.{n}") for n in range(5)]
    kiosk = workers.submit(order.append, ("kiosk", 0), key="10.0.0.2", first=True)
    gate.set()
    kiosk.result(15)
    for job in flood:
        job.result(15)
    workers.stop()
    assert order[0] == ("kiosk", 0)


class Peer:
    """What client_address() reads of a connection: its peer's address."""

    def __init__(self, ip: str) -> None:
        self.ip = ip

    def get_extra_info(self, name: str) -> tuple:
        return (self.ip, 40000, 0, 0)


def test_an_ipv6_client_counts_as_its_64_and_an_ipv4_mapped_one_as_its_ipv4_address():
    one, other = client_address(Peer("2001:db8:1:2::5")), client_address(Peer("2001:db8:1:2:f::1"))
    assert one == other == "2001:db8:1:2::/64"
    assert client_address(Peer("2001:db8:1:3::5")) != one
    assert client_address(Peer("::ffff:10.0.0.1")) == "10.0.0.1"
