"""A record in simple Dublin Core: the fifteen elements' names and values, for the protocols
that offer it (OAI-PMH's oai_dc; SRU's dc can use the same). Each protocol wraps them in its
own element; the values are plain text, escaped by whoever writes the XML."""

from .models import MaterialType, Record

# DCMI Type Vocabulary terms for reol's material types.
DCMI_TYPES: dict[str, str] = {
    MaterialType.BOOK: "Text", MaterialType.PERIODICAL: "Text", MaterialType.AUDIOBOOK: "Sound",
    MaterialType.MUSIC: "Sound", MaterialType.FILM: "MovingImage",
    MaterialType.GAME: "InteractiveResource", MaterialType.SHEET_MUSIC: "Text",
    MaterialType.OTHER: "PhysicalObject", MaterialType.EBOOK: "Text",
    MaterialType.EAUDIOBOOK: "Sound", MaterialType.PODCAST: "Sound",
    MaterialType.FILM_STREAM: "MovingImage",
}


def elements(record: Record) -> list[tuple[str, str]]:
    """(element, value) pairs in Dublin Core order: title, creators, subjects, description,
    publisher, year, type, identifiers (the pid and every ISBN as a URN), language."""
    found = [("title", record.title)]
    found += [("creator", name) for name in record.creators]
    found += [("subject", term) for term in [*record.subjects, *record.genres]]
    found += [("description", record.description), ("publisher", record.publisher),
              ("date", str(record.year) if record.year else "")]
    found += [("type", DCMI_TYPES.get(record.material_type, "PhysicalObject")),
              ("format", record.extent), ("identifier", record.pid)]
    found += [("identifier", f"urn:isbn:{isbn}") for isbn in record.isbns]
    if record.issn:
        found.append(("identifier", f"urn:issn:{record.issn}"))
    found.append(("language", record.language))
    return [(name, value) for name, value in found if value]
