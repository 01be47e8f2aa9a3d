"""The searchRetrieve of SRU: a CQL query run on the catalogue's search, one page of records.
A search writes nothing."""

from dataclasses import dataclass, field

from reol.catalogue.models import Record
from reol.search import boolean

from . import rules


@dataclass
class Answer:
    request: rules.Request
    count: int = 0
    records: list[Record] = field(default_factory=list)  # in the order of the hits

    @property
    def next_position(self) -> int | None:
        return rules.next_position(self.request.start, len(self.records), self.count)


def search_retrieve(request: rules.Request) -> Answer:
    """The records the request's query finds, from startRecord on; a rules.Diagnostic for a
    query reol cannot run or a first record past the last hit."""
    expression = rules.translate(request.query)
    # Tantivy wants a page of at least one: maximumRecords=0 asks only for the count.
    page = boolean.find(expression, request.start - 1, max(request.maximum, 1))
    if refusal := rules.first_record_refusal(request.start, page.count):
        raise refusal
    ids = page.ids[: request.maximum]
    records = Record.objects.in_bulk(ids)
    return Answer(request, page.count, [records[pk] for pk in ids if pk in records])
