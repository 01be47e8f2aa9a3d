"""A common harvester (Sickle) harvests /oai over real HTTP, completely: what it gathers in a
full harvest and the incremental one after it is exactly the catalogue, even when records
change and go between its pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from sickle import Sickle

from reol.catalogue.models import Record
from reol.oai.models import Tombstone
from tests.factories import make_item, make_record

pytestmark = pytest.mark.slow  # a live server
PAGE = 10


def harvest(base_url: str, between=None, **arguments: str) -> tuple[dict[str, bool], str]:
    """Every item of a ListRecords harvest in marc21: {identifier: deleted}, and the first
    answer's responseDate. `between` runs once, after the first page."""
    items = Sickle(base_url).ListRecords(metadataPrefix="marc21", ignore_deleted=False,
                                         **arguments)
    started = items.oai_response.xml.findtext("{http://www.openarchives.org/OAI/2.0/}"
                                              "responseDate")
    found: dict[str, bool] = {}
    for n, record in enumerate(items):
        assert record.header.identifier not in found, "repeated within one harvest"
        found[record.header.identifier] = record.header.deleted
        if not record.header.deleted:
            assert "245" in record.raw  # the MARCXML came along
        if n == PAGE - 1 and between:
            between()
    return found, started


def test_a_full_and_an_incremental_harvest_gather_exactly_the_catalogue(
        live_server, network, settings):
    settings.OAI_PAGE_SIZE = PAGE
    records = [make_record(f"Bind {n}") for n in range(2 * PAGE + 5)]
    make_item(records[0], network.glostrup_main)
    make_record("Kasseret").delete()  # gone before the harvest: a deleted item in it
    # All of it a while ago, so the incremental harvest from the full one's start (to the
    # second) finds only what changed during the full one.
    Record.objects.update(changed=timezone.now() - timedelta(hours=1))
    Tombstone.objects.update(deleted=timezone.now() - timedelta(hours=1))
    seen, changed, deleted = records[0], records[-1], records[-2]

    def meanwhile() -> None:  # one record seen changes, one not yet seen changes, one goes
        Record.objects.filter(pk=seen.pk).first().save()
        Record.objects.filter(pk=changed.pk).first().save()
        deleted.delete()

    base = f"{live_server.url}/oai"
    full, started = harvest(base, between=meanwhile)
    live_then = {r.pid for r in records} - {changed.pid, deleted.pid}
    assert {pid for pid, gone in full.items() if not gone} == live_then
    assert {pid for pid, gone in full.items() if gone} == (
        set(Tombstone.objects.values_list("pid", flat=True)) - {deleted.pid})
    later, _ = harvest(base, **{"from": started})
    assert later == {seen.pid: False, changed.pid: False, deleted.pid: True}
    # Together: every live record as live, every deleted one as deleted.
    everything = full | later
    assert {pid for pid, gone in everything.items() if not gone} == set(
        Record.objects.values_list("pid", flat=True))
    assert {pid for pid, gone in everything.items() if gone} == set(
        Tombstone.objects.values_list("pid", flat=True))
