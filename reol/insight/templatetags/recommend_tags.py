"""Recommendations on the record page: the catalogue draws the page, insight this part."""

from django import template

from reol.catalogue.models import Record
from reol.insight import recommend

register = template.Library()


@register.inclusion_tag("insight/collection/_recommendations.html")
def recommendations(record: Record) -> dict:
    found = recommend.for_record(record)
    return {"record": record, "also": found.also_borrowed, "similar": found.similar}
