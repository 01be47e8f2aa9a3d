"""Acquisitions staff pages under /staff/acquisitions/: the budget per fund with the orders,
vendors and funds, a line on an order (by hand, from the holds advice or from a patron's
suggestion), an order with its lines to send (EDIFACT) and receive, and invoices. Acquisitions
staff and leaders act only in their own libraries; these views only translate."""

from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reol.circulation.models import PurchaseSuggestion
from reol.circulation.views_staff.access import require, staff_view
from reol.core.access import libraries_with, staff_roles
from reol.errors import DomainError
from reol.libraries.models import Branch, Library
from reol.refusals import refuse

from . import edifact, rules, services
from .forms_acquisitions import FundForm, InvoiceForm, LineForm, ReceiveForm, VendorForm, explain
from .models import Fund, Invoice, Order, OrderLine, Vendor

VIEW, CHANGE = "view_order", "change_order"


def libraries(user, codename: str = VIEW) -> list[Library]:
    """The libraries where the user's roles carry the right."""
    rows = Library.objects.order_by("name")
    allowed = libraries_with(user, codename)
    return list(rows if allowed is None else rows.filter(pk__in=allowed))


def buyer(user) -> list[Library]:
    """The libraries the user buys for (reads acquisitions in); refused when none."""
    found = libraries(user)
    if not found:
        raise refuse("not_allowed")
    return found


def is_leader(user, library_id: int) -> bool:
    return user.is_superuser or "role:leader" in staff_roles(user).get(library_id, ())


def _year(request: HttpRequest) -> int:
    try:
        return max(2000, min(2100, int(request.GET.get("year", ""))))
    except ValueError:
        return timezone.localdate().year


@staff_view
def overview(request: HttpRequest) -> HttpResponse:
    mine = buyer(request.user)
    year = _year(request)
    funds = Fund.objects.filter(library__in=mine, year=year).select_related("library")
    orders = (Order.objects.filter(library__in=mine).select_related("vendor", "library")
              .order_by(F("sent").asc(nulls_first=True), "-ordered", "-pk")[:100])
    return render(request, "collection/staff/overview.html", {
        "libraries": mine, "year": year, "figures": services.budget(funds),
        "orders": orders, "may_change": bool(libraries(request.user, CHANGE))})


@staff_view
def setup(request: HttpRequest) -> HttpResponse:
    """Vendors and funds of the user's libraries, with a form for each."""
    readable = buyer(request.user)
    allowed = libraries(request.user, CHANGE)
    vendor_form = VendorForm(libraries=allowed, prefix="vendor")
    fund_form = FundForm(libraries=allowed, prefix="fund",
                         initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if "vendor-name" in request.POST:
            vendor_form = VendorForm(request.POST, libraries=allowed, prefix="vendor")
            form, done = vendor_form, _("The vendor is added.")
        else:
            fund_form = FundForm(request.POST, libraries=allowed, prefix="fund")
            form, done = fund_form, _("The fund is added.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is vendor_form:
                    services.add_vendor(data["library"], data["name"], data["gln"],
                                        data["account"])
                else:
                    services.add_fund(data["library"], data["year"], data["code"],
                                      data["name"], data["budget"])
            except DomainError as refusal:
                explain(form, refusal)
            else:
                messages.success(request, done)
                return redirect("acq-setup")
    status = 400 if vendor_form.errors or fund_form.errors else 200
    return render(request, "collection/staff/setup.html", {
        "vendor_form": vendor_form, "fund_form": fund_form, "may_change": bool(allowed),
        "vendors": Vendor.objects.filter(library__in=readable).select_related("library"),
        "funds": Fund.objects.filter(library__in=readable).select_related("library"),
    }, status=status)


def _suggestion(request: HttpRequest) -> PurchaseSuggestion | None:
    wanted = request.GET.get("suggestion") or request.POST.get("suggestion")
    if not wanted:
        return None
    if not wanted.isdigit():
        raise Http404
    suggestion = get_object_or_404(PurchaseSuggestion, pk=wanted)
    require(request.user, suggestion.library_id, "change_purchasesuggestion")
    return suggestion


@staff_view
def new_line(request: HttpRequest) -> HttpResponse:
    """Add a line: by hand, prefilled from the holds advice (?record=&quantity=), or accepting
    a patron's suggestion (?suggestion=)."""
    buyer(request.user)
    allowed = libraries(request.user, CHANGE)
    suggestion = _suggestion(request)
    initial = {"title": request.GET.get("record", ""),
               "quantity": request.GET.get("quantity", "1")}
    form = LineForm(request.POST or None, libraries=allowed, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            line = _add(request, data, suggestion)
        except DomainError as refusal:
            explain(form, refusal)
        else:
            messages.success(request, _("“%(title)s” is on the order to %(vendor)s.") % {
                "title": line.record.title, "vendor": data["vendor"].name})
            return redirect("acq-order", pk=line.order_id)
    return render(request, "collection/staff/line.html", {
        "form": form, "suggestion": suggestion, "may_change": bool(allowed)},
        status=400 if form.errors else 200)


def _add(request: HttpRequest, data: dict, suggestion: PurchaseSuggestion | None) -> OrderLine:
    record = services.find_record(data["title"])
    fund: Fund = data["fund"]
    require(request.user, fund.library_id, CHANGE)
    confirms = bool(data["leader_confirms"]) and is_leader(request.user, fund.library_id)
    if suggestion is not None:
        return services.accept_suggestion(suggestion, data["vendor"], fund, record,
                                          data["quantity"], data["price"],
                                          leader_confirms=confirms)
    return services.add_line(data["vendor"], fund, record, data["quantity"], data["price"],
                             leader_confirms=confirms)


def _order(request: HttpRequest, pk: int, codename: str = VIEW) -> Order:
    order = get_object_or_404(Order.objects.select_related("vendor", "library"), pk=pk)
    require(request.user, order.library_id, codename)
    return order


@staff_view
def order_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_response(request, _order(request, pk), {})


def _order_response(request: HttpRequest, order: Order, forms: dict) -> HttpResponse:
    lines = list(order.lines.select_related("record", "fund").order_by("pk"))
    branches = _branches(order.library_id)
    rows = [(line, forms.get(line.pk) or ReceiveForm(
        branches=branches, prefix=f"line{line.pk}",
        initial={"quantity": line.outstanding, "price": line.price})) for line in lines]
    return render(request, "collection/staff/order.html", {
        "order": order, "lines": rows,
        "total": sum(rules.line_cost(line.quantity, line.price) for line in lines),
        "may_change": order.library in libraries(request.user, CHANGE)},
        status=400 if any(f.errors for f in forms.values()) else 200)


def _branches(library_id: int) -> list[Branch]:
    """Where copies can arrive: the library's houses, the main library first."""
    houses = Branch.objects.filter(library_id=library_id).exclude(kind=Branch.Kind.DEPOSIT)
    return sorted(houses, key=lambda b: (b.kind != Branch.Kind.MAIN, b.name))


@require_POST
@staff_view
def send(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk, CHANGE)
    services.send_order(order)
    messages.success(request, _("The order is sent. Download the EDIFACT file for the vendor."))
    return redirect("acq-order", pk=order.pk)


@staff_view
def edifact_file(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    response = HttpResponse(edifact.encoded(services.order_file(order)),
                            content_type="application/edifact; charset=iso-8859-1")
    response["Content-Disposition"] = f'attachment; filename="order-{order.pk}.edi"'
    return response


@require_POST
@staff_view
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(OrderLine.objects.select_related("order__library", "record"),
                             pk=pk)
    require(request.user, line.order.library_id, CHANGE)
    form = ReceiveForm(request.POST, branches=_branches(line.order.library_id),
                       prefix=f"line{line.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = services.receive(
                line, data["branch"], data["quantity"],
                barcodes=rules.barcodes_from_text(data["barcodes"]),
                home_branch=data["home_branch"], shelf=data["shelf"],
                loan_category=data["loan_category"], price=data["price"])
        except DomainError as refusal:
            explain(form, refusal)
        else:
            held = sum(1 for r in done.routings if r.reservation is not None)
            messages.success(request, _(
                "Received %(copies)d of “%(title)s”: %(barcodes)s. %(held)d go to waiting "
                "reservations.") % {"copies": len(done.items), "title": line.record.title,
                                    "barcodes": ", ".join(i.barcode for i in done.items),
                                    "held": held})
            return redirect("acq-order", pk=line.order_id)
    return _order_response(request, _order(request, line.order_id), {line.pk: form})


@staff_view
def invoices(request: HttpRequest) -> HttpResponse:
    readable = buyer(request.user)
    allowed = libraries(request.user, CHANGE)
    form = InvoiceForm(request.POST or None, libraries=allowed,
                       initial={"date": timezone.localdate().isoformat()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request.user, data["vendor"].library_id, CHANGE)
        try:
            services.record_invoice(data["vendor"], data["number"], data["date"],
                                    data["amount"], [r.pk for r in data["receipts"]])
        except DomainError as refusal:
            explain(form, refusal)
        else:
            messages.success(request, _("The invoice is recorded."))
            return redirect("acq-invoices")
    return render(request, "collection/staff/invoices.html", {
        "form": form, "may_change": bool(allowed),
        "invoices": Invoice.objects.filter(library__in=readable)
        .select_related("vendor")[:200]}, status=400 if form.errors else 200)
