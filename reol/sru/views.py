"""/sru: SRU 1.2 and 2.0 (explain and searchRetrieve) for anyone, as other library systems
and cataloguers' clients ask. Public records only; nothing is written. Every "no" is an SRU
diagnostic in an answer of status 200, as the standard wants, except a flood (429)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from reol.refusals import refuse
from reol.throttle.budgets import Budgets
from reol.throttle.services import web_source

from . import answers, rules, services

CONTENT_TYPE = "text/xml; charset=utf-8"
_budgets = Budgets()


@require_GET
def sru(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET[name] for name in request.GET}
    try:
        version = rules.version_of(params)
    except rules.Diagnostic as problem:
        return HttpResponse(answers.diagnostic("1.2", problem), content_type=CONTENT_TYPE)
    if not _budgets.spend(web_source(request), settings.SRU_PER_MINUTE):
        busy = rules.Diagnostic(2, "", refuse("sru_busy"))
        return HttpResponse(answers.diagnostic(version, busy), content_type=CONTENT_TYPE,
                            status=429, headers={"Retry-After": "30"})
    try:
        asked = rules.read_request(params)
        if asked.operation == "explain":
            return HttpResponse(_explain(request, version), content_type=CONTENT_TYPE)
        answer = services.search_retrieve(asked)
    except rules.Diagnostic as problem:
        return HttpResponse(answers.diagnostic(version, problem), content_type=CONTENT_TYPE)
    return HttpResponse(answers.search_retrieve(answer), content_type=CONTENT_TYPE)


def _explain(request: HttpRequest, version: rules.Version) -> bytes:
    where = urlsplit(f"//{request.get_host()}")  # checked against ALLOWED_HOSTS
    port = where.port or (443 if request.is_secure() else 80)
    return answers.explain(version, where.hostname or "", str(port), "reol")


def forget() -> None:
    """Tests: each starts with every client's budget full."""
    _budgets.clear()
