"""A record copied from another library's catalogue over SRU: search a peer, then take one
of its records as a new record of ours (catalogue/sru.py reads, catalogue/cataloguing.py
stores). Cataloguing staff, leaders and the network administrator; desk staff may not."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reol.catalogue import cataloguing, sru
from reol.circulation.views_staff.access import staff_view
from reol.circulation.views_staff.cataloguing import acting_library
from reol.core.actor import Actor, current
from reol.errors import DomainError

from .models import Peer


@staff_view
def copy_from_peer(request: HttpRequest) -> HttpResponse:
    library = acting_library(request.user)
    peers = list(Peer.objects.exclude(sru_url="").order_by("name", "isil"))
    source = request.POST if request.method == "POST" else request.GET
    peer = next((p for p in peers if str(p.pk) == source.get("peer", "")), None)
    query = source.get("q", "").strip()[:300]
    hits: list[sru.Hit] = []
    error = None
    if peer is not None and query:
        try:
            hits = sru.search(peer.sru_url, query)
            if request.method == "POST":
                wanted = next((h for h in hits if str(h.position) == source.get("take")), None)
                if wanted is None:
                    error = _("That record is no longer in the answer; search again.")
                else:
                    who = current() or Actor(request.user.get_username())
                    record = cataloguing.create_from(wanted.data, who, library)
                    messages.success(request, _("The record is created."))
                    return redirect("staff-record-edit", record.pid)
        except DomainError as refusal:
            error = refusal.message()
    return render(request, "sharing/sru.html", {
        "peers": peers, "peer": peer, "query": query, "hits": hits, "error": error},
        status=400 if error else 200)
