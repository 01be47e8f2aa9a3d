"""{% staff_work as may %}: the permissions the user holds in some library, so the staff bar
shows only the pages their roles reach ({% if "change_loan" in may %})."""

from django import template

from reol.core.access import anywhere

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_work(context):
    request = context.get("request")
    return anywhere(getattr(request, "user", None))
