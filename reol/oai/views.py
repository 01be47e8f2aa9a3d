"""/oai: the OAI-PMH 2.0 door. Anyone may harvest (the catalogue is public, no patron data
is in it); GET and form-encoded POST, as the protocol allows. Only translates: rules.py
reads the request, services.py finds the records, xml.py writes the answer."""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from reol.errors import DomainError
from reol.refusals import refuse
from reol.throttle.budgets import Budgets
from reol.throttle.services import web_source

from . import rules, services, xml

_budgets = Budgets()
# Tokens are signed with a key of their own, made from the secret key.
TOKEN_KEY = b"reol.oai resumption token"
CONTENT_TYPE = "text/xml; charset=utf-8"
# The protocol echoes no arguments for these: they were not understood.
NOT_ECHOED = {"badVerb", "badArgument"}


@csrf_exempt  # harvesters are programs with no session: a POST here changes nothing
@require_http_methods(["GET", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    if not _budgets.spend(web_source(request), settings.OAI_PER_MINUTE):
        # The protocol's flow control: 503 and when to come back (harvesters wait and retry).
        return HttpResponse(refuse("oai_too_many").message(), status=503,
                            content_type="text/plain; charset=utf-8",
                            headers={"Retry-After": "10"})
    given = request.POST if request.method == "POST" else request.GET
    arguments = dict(given.lists())
    now = timezone.now()
    base_url = request.build_absolute_uri(request.path)
    try:
        parsed = rules.parse(arguments, now, _key())
        body = answer(parsed, base_url)
        echoed = rules.echo(arguments)
    except DomainError as error:
        code = rules.protocol_error(error)
        body = xml.errors(code, error.message())
        echoed = {} if code in NOT_ECHOED else rules.echo(arguments)
    return HttpResponse(xml.document(now, base_url, echoed, body), content_type=CONTENT_TYPE)


def _key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), TOKEN_KEY, hashlib.sha256).digest()


def answer(request: rules.Request, base_url: str) -> str:
    """The body of the answer to a well-formed request."""
    if request.verb == "Identify":
        oldest = services.earliest() or timezone.now()
        return xml.identify(settings.OAI_NAME, base_url, settings.OAI_ADMIN_EMAIL, oldest)
    if request.verb == "ListMetadataFormats":
        if request.identifier:
            services.entry(request.identifier)  # idDoesNotExist; every item has both formats
        return xml.metadata_formats(rules.FORMATS)
    if request.verb == "ListSets":
        if request.token is not None:  # the sets come in one answer: no token was given
            raise refuse("oai_bad_token")
        return xml.list_sets(services.sets())
    if request.verb == "GetRecord":
        found = services.entry(request.identifier)
        return f"<GetRecord>{xml.record(found, request.prefix)}</GetRecord>"
    return listing(request)


def listing(request: rules.Request) -> str:
    """A page of ListIdentifiers or ListRecords, with the token for the next one."""
    token = request.token
    if token is None:
        token = rules.first_token(request, 0)
        token = rules.first_token(request, services.count(token))
    whole = request.verb == "ListRecords"
    page = services.page(token, settings.OAI_PAGE_SIZE, whole)
    items = "".join(xml.record(e, token.prefix) if whole else xml.header(e)
                    for e in page.entries)
    if page.more:
        items += xml.resumption(rules.write_token(page.token, _key()),
                                token.cursor, token.total)
    elif request.token is not None:  # the last page of a list given in pages
        items += xml.resumption("", token.cursor, token.total)
    return f"<{request.verb}>{items}</{request.verb}>"
