"""Bad input and hard moments over real TCP: checksums and sequence numbers, resends, line
endings, Latin-1, garbage, over-long lines, stalled clients and two kiosks racing."""

import logging
import random
import socket
import threading

import pytest

from reol.circulation.models import Loan
from tests.factories import make_item, make_patron, make_record

from .conftest import PASSWORD, Raw, fields, frame, terminal

pytestmark = pytest.mark.django_db(transaction=True)
DATE = "20261122    101010"
REPLY_CODES = {"94", "98", "24", "64", "12", "10", "30", "66", "18", "16", "36", "20", "26",
               "96"}


def checks_out(reply: str) -> bool:
    return reply.startswith("121")


def test_sequence_numbers_and_checksums_are_checked_and_sent_back(place, raw):
    kiosk = raw()
    answer = kiosk.ask(f"9300CNkiosk-1|CO{PASSWORD}|CPglostrup|", seq=1, checksum=True)
    assert answer.startswith("941") and fields(answer)["AY"] == ["1"]
    head, given = answer[:-4].encode(), answer[-4:]
    assert f"{(-sum(head)) & 0xFFFF:04X}" == given
    # A request whose checksum is wrong is answered with 96 (please resend), with its
    # sequence number and a checksum.
    bad = frame(f"99{'0'}0802.00", seq=2, checksum=True)[:-4] + b"0000"
    kiosk.send(bad)
    assert kiosk.reply().startswith("96AY2AZ")
    # Without AY and AZ in the request, none in the reply.
    assert "AY" not in kiosk.ask("9900802.00") and kiosk.ask("9900802.00").startswith("98Y")


def test_a_resent_request_is_not_acted_on_twice_and_97_repeats_the_last_reply(place, raw):
    patron = make_patron(place.network.glostrup)
    item = make_item(make_record("Én gang"), place.network.glostrup_main)
    kiosk = raw()
    kiosk.login()
    checkout = f"11NN{DATE}{' ' * 18}AODK-716100|AA{patron.card}|AB{item.barcode}|AC|AD1234|"
    first = kiosk.ask(checkout, seq=5, checksum=True)
    again = kiosk.ask(checkout, seq=5, checksum=True)  # the machine did not hear the answer
    assert checks_out(first) and again == first
    assert kiosk.ask("97") == first
    assert Loan.objects.filter(item=item).count() == 1


def test_messages_before_login_and_wrong_passwords_are_refused(place, raw):
    patron = make_patron(place.network.glostrup)
    kiosk = raw()
    early = kiosk.ask(f"23009{DATE}AODK-716100|AA{patron.card}|AC|AD1234|")
    assert early.startswith("24") and fields(early)["BL"] == ["N"]
    assert fields(early)["AF"] == ["Automaten er ikke logget ind."]
    assert kiosk.login(password="guess") == "940"
    assert kiosk.ask("9900802.00").startswith("98N")


def test_crlf_lf_and_latin_1_machines_are_understood(place, raw):
    patron = make_patron(place.network.glostrup, name="Søren Kierkegård")
    kiosk = raw()
    kiosk.send(frame(f"9300CNkiosk-1|CO{PASSWORD}|"), end=b"\r\n")
    assert kiosk.reply() == "941"
    kiosk.send(frame("9900802.00"), end=b"\n")
    assert kiosk.reply().startswith("98Y")
    request = f"63009{DATE}{' ' * 10}AOBibliotek Å|AA{patron.card}|AD1234|"
    kiosk.send(request.encode("latin-1"))
    kiosk.sock.settimeout(15)
    data = b""
    while not data.endswith(b"\r"):
        data += kiosk.sock.recv(4096)
    answer = data.decode("latin-1")  # answered in the machine's own encoding
    assert "AESøren Kierkegård|" in answer and "BLY|" in answer and "CQY|" in answer


def test_a_terminal_without_pin_serves_patrons_by_card_alone(place, raw):
    terminal("kiosk-nopin", place.network.glostrup_main, pin_required=False)
    patron = make_patron(place.network.glostrup)
    item = make_item(make_record("Uden kode"), place.network.glostrup_main)
    kiosk = raw()
    assert kiosk.login("kiosk-nopin") == "941"
    status = kiosk.ask(f"23009{DATE}AODK-716100|AA{patron.card}|AC|")
    assert fields(status)["BL"] == ["Y"] and fields(status)["CQ"] == ["Y"]
    assert checks_out(kiosk.ask(f"11NN{' ' * 36}AODK-716100|AA{patron.card}|AB{item.barcode}|"))
    pin_kiosk = raw()
    pin_kiosk.login()
    refused = pin_kiosk.ask(f"11NN{' ' * 36}AODK-716100|AA{patron.card}|AB{item.barcode}|")
    assert refused.startswith("120") and fields(refused)["AF"] == ["Indtast din PIN-kode."]


def test_two_kiosks_checking_out_the_same_item_at_once_give_exactly_one_loan(sip2_server,
                                                                             place):
    server = sip2_server(workers=4)  # threads that really act at once (SQLite's default is 1)
    item = make_item(make_record("Kun én"), place.network.glostrup_main)
    kiosks = []
    for _ in range(2):
        patron = make_patron(place.network.glostrup)
        kiosk = Raw(server.port)
        kiosk.login()
        assert fields(kiosk.ask(f"23009{DATE}AODK-716100|AA{patron.card}|AC|AD1234|"))["CQ"] == [
            "Y"]
        kiosks.append((kiosk, patron))
    barrier, replies = threading.Barrier(2), {}

    def lend(kiosk: Raw, card: str) -> None:
        barrier.wait()
        replies[card] = kiosk.ask(f"11NN{DATE}{' ' * 18}AODK-716100|AA{card}|AB{item.barcode}|")

    threads = [threading.Thread(target=lend, args=(k, p.card)) for k, p in kiosks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for kiosk, _ in kiosks:
        kiosk.close()
    answers = sorted(reply[:3] for reply in replies.values())
    assert answers == ["120", "121"], replies
    assert Loan.objects.filter(item=item, returned__isnull=True).count() == 1


def test_a_stalled_client_is_closed_after_the_idle_timeout(sip2_server, place):
    quick = sip2_server(idle_timeout=0.3)
    stalled = socket.create_connection(("127.0.0.1", quick.port), timeout=20)
    try:
        assert stalled.recv(100) == b""  # closed by the server, not by our own timeout
    finally:
        stalled.close()


def test_an_over_long_line_gets_96_and_a_clean_close_and_others_carry_on(place, raw):
    bystander = raw()
    bystander.login()
    flood = raw()
    flood.send(b"A" * 10_000, end=b"")
    assert flood.reply() == "96"
    assert flood.reply() == ""  # closed
    assert bystander.ask("9900802.00").startswith("98Y")


def _random_frame(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.4:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
    if kind < 0.7:
        code = rng.choice(["93", "99", "23", "63", "11", "09", "29", "65", "17", "15", "35",
                           "97", "01", "19", "25", "42", "00"])
        return (code + "".join(chr(rng.randrange(32, 127)) for _ in range(rng.randrange(200))))\
            .encode()
    return rng.choice([b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello
                       b"GET / HTTP/1.1", b"|||||", b"AZ0000", b"99AZ", b"9300CN|CO|"])


def _mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        how = rng.randrange(6)
        at = rng.randrange(len(data) + 1)
        noise = bytes(rng.choice([b for b in range(256) if b not in (10, 13)])
                      for _ in range(rng.randrange(1, 6)))
        if how == 0 and data:
            data[min(at, len(data) - 1)] = noise[0]
        elif how == 1:
            data[at:at] = noise
        elif how == 2:
            del data[at : at + rng.randrange(1, 20)]
        elif how == 3:
            data = data[:at]
        elif how == 4:
            data[at:at] = rng.choice([b"|", b"AY3", b"AZ1234", b"AA", b"Y", b" " * 18])
        else:
            data = data + data[: rng.randrange(len(data) + 1)]
    return bytes(data)


def test_thousands_of_random_and_mutated_frames_leave_the_server_up(sip2, place, raw, caplog):
    """Garbage gets 96 or a clean close; no handler fails; the others carry on."""
    caplog.set_level(logging.ERROR, logger="reol.selfservice")
    network = place.network
    terminal("kiosk-fuzz", network.glostrup_main, pin_required=False)
    fuzzed = make_patron(network.glostrup)
    copies = [make_item(make_record(f"Støj {n}"), network.glostrup_main).barcode
              for n in range(3)]
    bystander = raw()
    bystander.login()
    rng = random.Random(2026)
    answers: list[str] = []

    for _ in range(100):  # random frames, unauthenticated, streamed without waiting
        sock = socket.create_connection(("127.0.0.1", sip2.port), timeout=15)
        try:
            sock.sendall(b"\r".join(_random_frame(rng) for _ in range(20)) + b"\r")
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may already have hung up on the garbage
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
        sock.close()
        answers += data.decode("latin-1").split("\r")[:-1]

    card, barcode = fuzzed.card, rng.choice(copies)
    seeds = [
        "9900802.00", f"23009{DATE}AODK-716100|AA{card}|AC|",
        f"63009{DATE}YYYYYY    AODK-716100|AA{card}|BP1|BQ5|",
        f"11NN{DATE}{' ' * 18}AODK-716100|AA{card}|AB{barcode}|AC|",
        f"09N{DATE}{DATE}APglostrup|AODK-716100|AB{barcode}|AC|",
        f"29NN{DATE}{' ' * 18}AODK-716100|AA{card}|AB{barcode}|",
        f"65{DATE}AODK-716100|AA{card}|", f"17{DATE}AODK-716100|AB{barcode}|",
        f"15+{DATE}BW{' ' * 18}|BSglostrup|AODK-716100|AA{card}|AB{barcode}|",
        f"15-{DATE}AODK-716100|AA{card}|AB{barcode}|", f"35{DATE}AODK-716100|AA{card}|", "97",
        f"19{DATE}AODK-716100|AB{barcode}|CHx|", f"25{DATE}AODK-716100|AA{card}|AD1234|",
    ]
    kiosk, mutated = None, 0
    while mutated < 2000:
        if kiosk is None:
            kiosk = raw()
            assert kiosk.login("kiosk-fuzz") == "941"
        seed = frame(rng.choice(seeds), seq=rng.choice([None, rng.randrange(10)]),
                     checksum=rng.random() < 0.5)
        noise = _mutate(rng, seed)
        if not noise:
            continue  # an empty line is no message and gets no answer
        kiosk.send(noise)
        mutated += 1
        answer = kiosk.reply()
        if answer:
            answers.append(answer)
        else:
            kiosk = None  # closed after too many unreadable frames: dial again

    assert len(answers) > 2500
    assert {answer[:2] for answer in answers} <= REPLY_CODES
    assert not [r for r in caplog.records if r.name.startswith("reol.selfservice")]
    # The connection that waited through it all, and a new session, still work.
    assert bystander.ask("9900802.00").startswith("98Y")
    fresh = raw()
    fresh.login()
    patron, item = make_patron(network.glostrup), make_item(make_record("Bagefter"),
                                                             network.glostrup_main)
    assert checks_out(fresh.ask(
        f"11NN{DATE}{' ' * 18}AODK-716100|AA{patron.card}|AB{item.barcode}|AD1234|"))
    assert fresh.ask(f"09N{DATE}{DATE}APglostrup|AODK-716100|AB{item.barcode}|").startswith("101")
