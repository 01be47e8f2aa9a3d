"""The SIP2 wire format as pure functions: checksums, tolerant parsing, replies."""

import pytest

from reol.selfservice import protocol
from reol.selfservice.protocol import ChecksumError, ProtocolError, Reply


def test_checksum_matches_the_published_example():
    message = (b"09N20160419    12200820160419    122008APReading Room 1|AO830|AB830$28170815|"
               b"AC|AY2AZ")
    assert protocol.checksum(message) == "EB80"


def test_a_request_with_sequence_and_checksum_is_read_and_verified():
    head = b"2300920261122    101010AODK-716100|AA1234|AC|AD9876|AY3AZ"
    message = protocol.parse(head + protocol.checksum(head).encode())
    assert message.code == "23" and message.seq == "3" and message.checksummed
    assert message.fixed == {"language": "009", "date": "20261122    101010"}
    assert message.get("AA") == "1234" and message.get("AD") == "9876"
    with pytest.raises(ChecksumError):
        protocol.parse(head + b"0000")


def test_blank_dates_missing_dates_and_missing_optional_fields_are_accepted():
    blank = protocol.parse(b"11NN" + b" " * 36 + b"AODK-716100|AA42|AB77|AC|")
    assert blank.fixed["date"] == " " * 18 and blank.get("AD") == ""
    # Some clients leave the transaction date out of Renew All altogether.
    no_date = protocol.parse(b"65AODK-716100|AA42|")
    assert no_date.get("AA") == "42"
    # The last field without its '|' is still read.
    assert protocol.parse(b"17" + b" " * 18 + b"AOx|AB123").get("AB") == "123"


def test_latin_1_is_read_when_the_text_is_not_utf_8():
    message = protocol.parse(b"63009" + b" " * 28 + "AOx|AAÆble|".encode("latin-1"))
    assert message.latin1 and message.get("AA") == "Æble"
    utf8 = protocol.parse(b"63009" + b" " * 28 + "AOx|AAÆble|".encode())
    assert not utf8.latin1 and utf8.get("AA") == "Æble"


@pytest.mark.parametrize("frame", [b"", b"XX", b"42abc", b"11N", b"2300", b"\x00\xff\x16",
                                   b"2300920261122    101010AO\x01|", b"17" + b" " * 18 + b"a|"])
def test_what_is_not_a_request_is_refused(frame):
    with pytest.raises(ProtocolError):
        protocol.parse(frame)


def test_replies_end_every_field_with_a_bar_and_carry_sequence_and_checksum():
    data = protocol.encode(Reply("94", ["1"], [("AF", "Hej | dig\r"), ("AG", None)]), seq="4",
                           with_checksum=True)
    assert data.startswith(b"941AFHej / dig|AY4AZ") and data.endswith(b"\r")
    assert protocol.checksum(data[:-5]) == data[-5:-1].decode()
    assert protocol.encode(Reply("96", [])) == b"96\r"


def test_dates_are_local_time_with_a_blank_zone():
    from datetime import UTC, date, datetime

    assert protocol.sip_datetime(datetime(2026, 11, 22, 9, 30, tzinfo=UTC)) == (
        "20261122    103000")
    assert protocol.sip_date(date(2026, 12, 24)) == "20261224    235959"
    assert protocol.parse_date("20261224    235959") == date(2026, 12, 24)
    assert protocol.parse_date(" " * 18) is None
    assert protocol.parse_date("99991231    235959") is None  # out of range: as unreadable
    assert protocol.parse_date("00000101    000000") is None
