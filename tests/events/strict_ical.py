"""A strict reader for iCalendar files: RFC 5545's framing (CRLF, lines of at most 75 octets,
escaped text, DTSTAMP in UTC, UID, a VTIMEZONE for every TZID) checked here, and libical —
the C library behind Evolution and many CalDAV servers — parsing the file and checking RFC
5546's restrictions for its METHOD. libical is Debian's libical3 (scripts/ensure-libical),
called through ctypes."""

import ctypes
import ctypes.util
import re

import pytest

TEXT = ("SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME")


def _libical() -> ctypes.CDLL:
    name = ctypes.util.find_library("ical")
    if name is None:
        pytest.skip("libical is not installed (scripts/ensure-libical installs it)")
    lib = ctypes.CDLL(name)
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_count_errors.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


def libical_errors(data: bytes) -> list[str]:
    """What libical says is wrong: its parser's and RFC 5546's (X-LIC-ERROR properties)."""
    lib = _libical()
    component = lib.icalparser_parse_string(data)
    if not component:
        return ["libical could not parse it"]
    try:
        valid = lib.icalrestriction_check(component)
        text = lib.icalcomponent_as_ical_string(component).decode()
        errors = [line for line in text.splitlines() if line.startswith("X-LIC-ERROR")]
        if not valid and not errors:
            errors.append("libical: restrictions not met")
        return errors
    finally:
        lib.icalcomponent_free(component)


def framing_errors(data: bytes) -> list[str]:
    """RFC 5545's rules that lenient readers let pass."""
    errors = []
    if b"\n" in data.replace(b"\r\n", b""):
        errors.append("a line ends without CRLF")
    lines = [line.removesuffix(b"\r") for line in data.split(b"\n")]
    errors += [f"longer than 75 octets: {line[:40]!r}" for line in lines if len(line) > 75]
    text = re.sub(r"\r?\n[ \t]", "", data.decode("utf-8"))
    props = [line.split(":", 1) for line in re.split(r"\r?\n", text) if ":" in line]
    for head, value in props:
        name = re.split(r"[;:]", head)[0].upper()
        if name in TEXT and re.search(r"(?<!\\)[,;]", value):
            errors.append(f"{name} not escaped: {value!r}")
        if name == "DTSTAMP" and not value.endswith("Z"):
            errors.append(f"DTSTAMP not in UTC: {value}")
    zones = {v for h, v in props if h.upper() == "TZID"}
    for tzid in set(re.findall(r";TZID=([^:;]+)", text)) - zones:
        errors.append(f"TZID {tzid} has no VTIMEZONE")
    events = text.count("BEGIN:VEVENT")
    for name in ("UID", "DTSTAMP", "DTSTART"):
        if sum(1 for h, _v in props if re.split(r"[;:]", h)[0].upper() == name) < events:
            errors.append(f"a VEVENT has no {name}")
    return errors


def strict_errors(data: bytes) -> list[str]:
    return framing_errors(data) + libical_errors(data)
