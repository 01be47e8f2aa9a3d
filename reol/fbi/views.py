"""POST /fbi/graphql: the national catalogue's GraphQL (FBI) as the libraries' apps call it.

Public, as reol's catalogue is: no token is asked for (docs/security.md says why). One
client address gets REOL_FBI_PER_MINUTE requests a minute, then 429; every refusal comes in
GraphQL's standard `errors` shape, never as a page.
"""

import json

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from reol.catalogue import covers
from reol.catalogue.models import Record
from reol.refusals import refuse
from reol.throttle.budgets import Budgets
from reol.throttle.services import web_source

from . import limits, services

budgets = Budgets()


def _json(answer: services.Answer, **headers: str) -> JsonResponse:
    return JsonResponse(answer.body, status=answer.status, headers=headers)


@csrf_exempt  # no cookie is read: the answer is the same for everyone
def graphql(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return _json(services.refused(refuse("graphql_no_query"), 405), Allow="POST")
    if not budgets.spend(web_source(request), settings.FBI_PER_MINUTE):
        return _json(services.refused(refuse("graphql_flood"), 429), **{"Retry-After": "10"})
    if int(request.META.get("CONTENT_LENGTH") or 0) > limits.MAX_BYTES:
        return _json(services.refused(refuse("graphql_too_big"), 413))
    try:
        body = json.loads(request.body)
    except ValueError:  # not JSON, or not UTF-8
        return _json(services.refused(refuse("graphql_no_query")))

    def cover_url(record: Record) -> str | None:
        url = covers.cover_url(record)
        return request.build_absolute_uri(url) if url else None

    return _json(services.answer(body, cover_url))
