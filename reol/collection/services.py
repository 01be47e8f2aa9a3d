"""Acquisitions: vendors, funds, orders and their lines, receiving deliveries, invoices and
the budget per fund. Each use case one transaction; the rules are in rules.py, the EDIFACT
ORDERS file in edifact.py. The caller (a staff page, a command) has checked who may act in
which library; a service still refuses to mix libraries."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from reol.catalogue.models import Item, LoanCategory, Record, RecordIsbn
from reol.circulation import mine
from reol.circulation.models import PurchaseSuggestion
from reol.circulation.reservations import Routing, route_new
from reol.libraries.models import Branch, Library
from reol.refusals import refuse
from reol.search import rules as search_rules

from . import edifact, rules
from .models import CollectionPolicy, Fund, Invoice, Order, OrderLine, Receipt, Vendor

ZERO = Decimal("0")


def add_vendor(library: Library, name: str, gln: str = "", account: str = "") -> Vendor:
    try:
        with transaction.atomic():
            return Vendor.objects.create(library=library, name=name.strip(), gln=gln.strip(),
                                         account=account.strip())
    except IntegrityError:
        raise refuse("vendor_exists") from None


def add_fund(library: Library, year: int, code: str, name: str, budget: Decimal) -> Fund:
    try:
        with transaction.atomic():
            return Fund.objects.create(library=library, year=year, code=code.strip(),
                                       name=name.strip(), budget=budget)
    except IntegrityError:
        raise refuse("fund_exists", year=year) from None


def find_record(wanted: str) -> Record:
    """The title a line is for, by pid, faust number or ISBN."""
    ident = search_rules.identifier(wanted)
    found = None
    if ident and ident.kind == "pid":
        found = Record.objects.filter(pid__iexact=ident.value).first()
    elif ident and ident.kind == "faust":
        found = Record.objects.filter(faust=ident.value).order_by("pk").first()
    elif ident:
        row = RecordIsbn.objects.filter(isbn=ident.value).order_by("record_id").first()
        found = Record.objects.filter(pk=row.record_id).first() if row else None
    if found is None:
        raise refuse("unknown_title", wanted=wanted.strip()[:40])
    return found


# --- the budget ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundFigures:
    fund: Fund
    committed: Decimal  # ordered, not yet received, at the expected price
    spent: Decimal  # received, at the actual price
    invoiced: Decimal  # of what is spent, what invoices cover
    left: Decimal


# Other apps that spend from a fund (the digital library's loans): `spender(fund ids)` gives
# what each fund has spent with them, added to what receipts spent.
Spender = Callable[[list[int]], dict[int, Decimal]]
_SPENDERS: dict[str, Spender] = {}


def register_spender(name: str, spender: Spender) -> None:
    _SPENDERS[name] = spender


def budget(funds: Iterable[Fund]) -> list[FundFigures]:
    """Committed, spent and left for each fund, in two queries (and one per other spender)
    whatever their number."""
    funds = list(funds)
    ids = [fund.pk for fund in funds]
    committed: dict[int, Decimal] = {}
    for fund_id, quantity, received, price in (
            OrderLine.objects.filter(fund_id__in=ids, received__lt=F("quantity"))
            .values_list("fund_id", "quantity", "received", "price")):
        committed[fund_id] = committed.get(fund_id, ZERO) + price * (quantity - received)
    spent: dict[int, Decimal] = {}
    invoiced: dict[int, Decimal] = {}
    for fund_id, amount, invoice_id in Receipt.objects.filter(line__fund_id__in=ids) \
            .values_list("line__fund_id", "amount", "invoice_id"):
        spent[fund_id] = spent.get(fund_id, ZERO) + amount
        if invoice_id is not None:
            invoiced[fund_id] = invoiced.get(fund_id, ZERO) + amount
    for spender in _SPENDERS.values():
        for fund_id, amount in spender(ids).items():
            spent[fund_id] = spent.get(fund_id, ZERO) + amount
    return [FundFigures(fund, committed.get(fund.pk, ZERO), spent.get(fund.pk, ZERO),
                        invoiced.get(fund.pk, ZERO),
                        rules.left(fund.budget, committed.get(fund.pk, ZERO),
                                   spent.get(fund.pk, ZERO)))
            for fund in funds]


# --- ordering --------------------------------------------------------------------------------


def add_line(vendor: Vendor, fund: Fund, record: Record, quantity: int, price: Decimal, *,
             today: date | None = None, leader_confirms: bool = False,
             suggestion: PurchaseSuggestion | None = None) -> OrderLine:
    """Copies of a title on the library's open (unsent) order to the vendor, charged to the
    fund at the expected price; refused when the fund cannot bear it and no leader confirms."""
    if vendor.library_id != fund.library_id or (
            suggestion is not None and suggestion.library_id != fund.library_id):
        raise refuse("not_one_library")
    if not 1 <= quantity <= rules.MAX_COPIES_A_LINE:
        raise refuse("receive_too_many", outstanding=rules.MAX_COPIES_A_LINE)
    today = today or timezone.localdate()
    with transaction.atomic():
        # The fund's row is the lock: two lines added at once cannot both take its last krone.
        locked = Fund.objects.select_for_update().get(pk=fund.pk)
        (figures,) = budget([locked])
        refusal = rules.overspend_refusal(
            locked.code, locked.budget, figures.committed, figures.spent,
            rules.line_cost(quantity, price), leader_confirms)
        if refusal:
            raise refusal
        order = (Order.objects.filter(library_id=fund.library_id, vendor=vendor,
                                      sent__isnull=True).order_by("pk").first()
                 or Order.objects.create(library_id=fund.library_id, vendor=vendor,
                                         ordered=today))
        return OrderLine.objects.create(order=order, record=record, fund=locked,
                                        quantity=quantity, price=price, suggestion=suggestion)


def accept_suggestion(suggestion: PurchaseSuggestion, vendor: Vendor, fund: Fund,
                      record: Record, quantity: int, price: Decimal, *,
                      today: date | None = None, leader_confirms: bool = False) -> OrderLine:
    """A patron's suggestion becomes an order line, and the patron sees it will be bought."""
    with transaction.atomic():
        line = add_line(vendor, fund, record, quantity, price, today=today,
                        leader_confirms=leader_confirms, suggestion=suggestion)
        mine.answer_suggestion(suggestion, PurchaseSuggestion.Status.ACCEPTED)
    return line


def send_order(order: Order, now: datetime | None = None) -> str:
    """The order goes to its vendor: the EDIFACT ORDERS text, and from now on it is on order
    and no longer open for lines."""
    now = now or timezone.now()
    with transaction.atomic():
        order = (Order.objects.select_for_update(of=("self",))
                 .select_related("vendor", "library").get(pk=order.pk))
        if order.sent is not None:
            raise refuse("order_sent")
        order.sent = now
        text = order_file(order)
        order.save(update_fields=["sent"])
    return text


def order_file(order: Order) -> str:
    """The order as an EDIFACT ORDERS D.96A interchange (sent or not)."""
    lines = list(order.lines.select_related("record").order_by("pk"))
    if not lines:
        raise refuse("empty_order")
    buyer = CollectionPolicy.objects.filter(library_id=order.library_id) \
        .values_list("gln", flat=True).first()
    if not buyer or order.vendor is None or not order.vendor.gln:
        raise refuse("no_gln")
    sent = timezone.localtime(order.sent) if order.sent else None
    return edifact.orders(edifact.Purchase(
        number=str(order.pk), ordered=order.ordered, buyer_gln=buyer,
        supplier_gln=order.vendor.gln, account=order.vendor.account,
        lines=[edifact.Line(str(line.pk), _ean(line.record), line.record.title,
                            line.quantity, line.price) for line in lines]), now=sent)


def _ean(record: Record) -> str:
    """The ISBN-13 a vendor knows the title by (an ISBN-13 is an EAN-13)."""
    for isbn in record.isbns or []:
        if len(isbn) == 13:
            return str(isbn)
    return str(record.isbns[0]) if record.isbns else ""


# --- receiving -------------------------------------------------------------------------------


@dataclass
class Received:
    receipt: Receipt
    items: list[Item]
    routings: list[Routing]


def receive(line: OrderLine, branch: Branch, quantity: int, *, barcodes: list[str] | None = None,
            home_branch: Branch | None = None, shelf: str = "",
            loan_category: str = LoanCategory.STANDARD, price: Decimal | None = None,
            now: datetime | None = None) -> Received:
    """Copies of a line arrive at `branch`: they are made with the barcodes scanned (or
    generated), each goes where a returned copy would — to a waiting reservation's hold shelf
    or into transit, else home — and the line's fund is charged the actual price."""
    now = now or timezone.now()
    barcodes = barcodes or []
    home = home_branch or branch
    with transaction.atomic():
        line = OrderLine.objects.select_for_update(of=("self",)).select_related(
            "order__library", "record").get(pk=line.pk)
        library = line.order.library
        if branch.library_id != library.pk or home.library_id != library.pk:
            raise refuse("not_your_library")
        refusal = rules.receipt_refusal(line.outstanding, quantity, barcodes,
                                        line.order.sent is not None)
        if refusal:
            raise refusal
        codes = barcodes or rules.generated_barcodes(library.agency, line.pk, line.received,
                                                     quantity)
        taken = Item.objects.filter(barcode__in=codes).values_list("barcode", flat=True)
        for code in taken[:1]:
            raise refuse("barcode_taken", barcode=code)
        items = Item.objects.bulk_create(
            Item(barcode=code, record=line.record, library=library, home_branch=home,
                 current_branch=branch, shelf_location=shelf.strip()[:100],
                 loan_category=loan_category, status=Item.Status.AVAILABLE)
            for code in codes)
        routings = route_new(items, branch, now)
        each = line.price if price is None else price
        receipt = Receipt.objects.create(line=line, branch=branch, quantity=quantity,
                                         price=each, amount=rules.line_cost(quantity, each),
                                         received=now)
        line.received += quantity
        line.save(update_fields=["received"])
    return Received(receipt, items, routings)


def record_invoice(vendor: Vendor, number: str, day: date, amount: Decimal,
                   receipts: Iterable[int]) -> Invoice:
    """A vendor's invoice, covering the deliveries it names (of that vendor, not yet
    invoiced)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                invoice = Invoice.objects.create(library_id=vendor.library_id, vendor=vendor,
                                                 number=number.strip(), date=day, amount=amount)
        except IntegrityError:
            raise refuse("invoice_exists") from None
        Receipt.objects.filter(pk__in=list(receipts), line__order__vendor=vendor,
                               invoice__isnull=True).update(invoice=invoice)
    return invoice


def on_order(library: Library | None, records: Iterable[int]) -> dict[int, int]:
    """Copies of these titles ordered and not yet received (in the library, or anywhere)."""
    lines = OrderLine.objects.filter(record_id__in=list(records), received__lt=F("quantity"))
    if library is not None:
        lines = lines.filter(order__library=library)
    return {record_id: int(n or 0) for record_id, n in lines.values_list("record_id")
            .annotate(n=Sum(F("quantity") - F("received")))}
