"""The built-in provider's demo content, made when `reol demo` runs (no binaries in git): a
tiny EPUB and a few seconds of generated sound, each saying plainly that it is demo content."""

import io
import math
import struct
import wave
import zipfile
from html import escape

DEMO_LABEL = "Demo content made by reol — not the real title."
_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="book.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
_OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">{ident}</dc:identifier><dc:title>{title}</dc:title>
<dc:language>da</dc:language><dc:description>{label}</dc:description>
<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata>
<manifest><item id="text" href="text.xhtml" media-type="application/xhtml+xml"/>
<item id="nav" href="text.xhtml" properties="nav" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="text"/></spine></package>"""
_TEXT = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head>
<title>{title}</title></head><body><nav epub:type="toc"><ol><li><a href="#t">{title}</a></li>
</ol></nav><h1 id="t">{title}</h1><p><strong>Demoindhold fra reol — ikke den rigtige bog.
</strong></p><p>{label}</p></body></html>"""


def epub(ident: str, title: str) -> bytes:
    """A valid, tiny EPUB 3 whose one page names the title and says it is demo content."""
    values = {"ident": escape(ident), "title": escape(title), "label": DEMO_LABEL}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # first, stored
        book.writestr("META-INF/container.xml", _CONTAINER, zipfile.ZIP_DEFLATED)
        book.writestr("book.opf", _OPF.format(**values), zipfile.ZIP_DEFLATED)
        book.writestr("text.xhtml", _TEXT.format(**values), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sound(seconds: float = 2.0, pitch: float = 440.0, rate: int = 8000) -> bytes:
    """A few seconds of a falling tone as 8 kHz mono WAV: the demo's audiobooks and films."""
    frames = bytearray()
    count = int(seconds * rate)
    for n in range(count):
        tone = pitch * (1 - 0.3 * n / count)
        frames += struct.pack("<h", int(8000 * math.sin(2 * math.pi * tone * n / rate)))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(bytes(frames))
    return out.getvalue()
