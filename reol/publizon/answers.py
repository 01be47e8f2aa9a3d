"""The description's JSON built from reol's digital library: each answer in a fixed number
of queries however many loans, reservations or products (tests/publizon/test_queries.py)."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from reol.catalogue.models import Record
from reol.circulation.models import Favourite, Patron
from reol.digital import rules as digital_rules
from reol.digital import services as digital
from reol.digital.models import DigitalLoan, DigitalReservation, DigitalTerms, DigitalTitle
from reol.libraries.models import Library
from reol.refusals import refuse

from . import rules

AUDIO = ("eaudiobook", "podcast")


def titles() -> QuerySet[DigitalTitle]:
    return DigitalTitle.objects.select_related("record").prefetch_related("record__isbn_rows")


def title(identifier: str) -> DigitalTitle:
    """The title an identifier names: an ISBN (as the apps look products up), or reol's pid."""
    found = titles().filter(Q(record__isbn_rows__isbn=identifier.strip()[:13])
                            | Q(record__pid=identifier.strip()[:80])).first()
    if found is None:
        raise refuse("digital_unknown_title", identifier=identifier[:40])
    return found


def _isbn(record: Record) -> str | None:
    return next((row.isbn for row in record.isbn_rows.all()), None)  # prefetched


def identifier(found: DigitalTitle | Record) -> str:
    """A title's identifier on this API: its first ISBN-13, else reol's pid."""
    record = found.record if isinstance(found, DigitalTitle) else found
    return _isbn(record) or record.pid


def _external(found: DigitalTitle) -> dict:
    isbn = _isbn(found.record)
    return {"idType": rules.ISBN_13, "id": isbn} if isbn else {}


def product(found: DigitalTitle) -> dict:
    record = found.record
    answer: dict[str, object] = {
        "createdUtc": rules.utc(record.updated), "updatedUtc": rules.utc(record.updated),
        "title": record.title, "isActive": True, "languageCode": record.language or None,
        "coverUri": None, "thumbnailUri": None, "sampleUri": None,
        "productType": rules.PRODUCT_TYPES.get(record.material_type, 1),
        "internalProductId": record.pid,
        "contributors": [{"type": "A01", "firstName": first, "lastName": last}
                         for first, last in map(rules.split_name, record.creators)],
        "format": record.material_type, "publisher": record.publisher or None,
        "description": record.description or None, "productCategories": [],
        "costFree": found.licence == "free",
    }
    if external := _external(found):
        answer["externalProductId"] = external
    if record.year:
        answer["publicationDate"] = f"{record.year:04d}-01-01T00:00:00Z"
    return answer


def _book(found: DigitalTitle) -> dict:
    book: dict[str, object] = {"identifier": identifier(found), "title": found.record.title,
            "publishersName": found.record.publisher or None}
    if _external(found):
        book["identifierType"] = rules.ISBN_13
    return book


def profile(library: Library) -> dict:
    """The library's caps as the patron page shows them. reol caps loans started in a
    calendar month, not loans held at once, so both numbers are the month's cap."""
    own = digital.terms(library.pk)
    days = DigitalTitle._meta.get_field("loan_days").default
    return {
        "id": library.pk, "name": library.name, "isilNumber": f"DK-{library.agency}",
        "ebookLoanDurationInDays": days, "audioLoanDurationInDays": days,
        "maxEbookAmountPerMonth": own.ebook_cap, "maxAudioAmountPerMonth": own.eaudiobook_cap,
        "maxConcurrentEbookLoansPerBorrower": own.ebook_cap,
        "maxConcurrentAudioLoansPerBorrower": own.eaudiobook_cap,
        "maxEbookAmountPerMonthNotificationThreshold": None,
        "maxAudioAmountPerMonthNotificationThreshold": None,
        "maxConcurrentEbookReservationsPerBorrower": own.ebook_cap,
        "maxConcurrentAudioReservationsPerBorrower": own.eaudiobook_cap,
        "maxEbookCancellationsPerMonth": 0, "maxAudioCancellationsPerMonth": 0,
        "testCards": [],
    }


def _library_data(own: DigitalTerms) -> dict:
    return {"loanDurationDays": DigitalTitle._meta.get_field("loan_days").default,
            "maxConcurrentEbookLoansPerBorrower": own.ebook_cap,
            "maxConcurrentAudiobookLoansPerBorrower": own.eaudiobook_cap,
            "maxAmountPerMonth": own.ebook_cap + own.eaudiobook_cap}


def _user_data(patron: Patron, loans: list[DigitalLoan], now: datetime) -> dict:
    left = digital.caps_left(patron, now)
    next_month = digital_rules.month_bounds(now)[1]
    audio = sum(loan.title.record.material_type in AUDIO for loan in loans)
    return {
        "totalLoans": len(loans), "totalEbookLoans": len(loans) - audio,
        "totalAudioLoans": audio,
        "ebookLoansRemaining": left["ebook"][1], "audiobookLoansRemaining": left["eaudiobook"][1],
        "ebookLoanAvailableUtc": rules.utc(now if left["ebook"][1] else next_month),
        "audioLoanAvailableUtc": rules.utc(now if left["eaudiobook"][1] else next_month),
        "friendlyCardNumber": patron.card,
    }


def _loan(loan: DigitalLoan) -> dict:
    return {
        "orderId": rules.as_uuid(loan.pk), "orderNumber": str(loan.pk),
        "orderDateUtc": rules.utc(loan.started), "loanExpireDateUtc": rules.utc(loan.ends),
        "isSubscriptionLoan": False, "libraryBook": _book(loan.title),
        "fileExtensionType": rules.FILE_TYPES.get(loan.title.record.material_type, 1),
    }


def running_loans(patron: Patron, now: datetime) -> list[DigitalLoan]:
    return list(DigitalLoan.objects.filter(patron=patron, **digital.active(now))
                .select_related("title__record")
                .prefetch_related("title__record__isbn_rows").order_by("ends", "id"))


def loans(patron: Patron, now: datetime, book_type: int | None) -> dict:
    mine = running_loans(patron, now)
    shown = [loan for loan in mine if book_type is None
             or (loan.title.record.material_type in AUDIO) == (book_type == 1)]
    return {"code": rules.SUCCESS, "message": "OK", "loans": [_loan(loan) for loan in shown],
            "libraryData": _library_data(digital.terms(patron.library_id)),
            "userData": _user_data(patron, mine, now)}


def loan(patron: Patron, found: DigitalTitle, now: datetime) -> dict:
    mine = running_loans(patron, now)
    this = next((one for one in mine if one.title_id == found.pk), None)
    if this is None:
        raise refuse("digital_not_on_loan")
    return {"code": rules.SUCCESS, "message": "OK", "loan": _loan(this),
            "libraryData": _library_data(digital.terms(patron.library_id)),
            "userData": _user_data(patron, mine, now)}


def reservations(patron: Patron, now: datetime) -> dict:
    queued = list(DigitalReservation.objects.filter(patron=patron)
                  .select_related("title__record").prefetch_related("title__record__isbn_rows"))
    facts = digital.facts(patron, [r.title for r in queued], now) if queued else {}
    return {"code": rules.SUCCESS, "message": "OK", "reservations": [{
        "productId": rules.as_uuid(r.title_id), "identifier": identifier(r.title),
        "createdDateUtc": rules.utc(r.placed), "productTitle": r.title.record.title,
        # 2: a copy is free for the patron now (borrow it); 1: still queued
        "status": 2 if digital_rules.may_take_copy(facts[r.title_id].copies_free,
                                                   facts[r.title_id].ahead_in_queue) else 1,
        "expireDateUtc": None, "expectedRedeemDateUtc": None,
    } for r in queued]}


def statuses(patron: Patron | None, found: list[DigitalTitle], now: datetime) -> list[dict]:
    """Each title's loan status for the patron (or, for a library's token, whether it lends
    now at all) and whether it is on their checklist."""
    if patron is None:
        lent = dict(DigitalLoan.objects.filter(title__in=found, **digital.active(now))
                    .values_list("title_id").annotate(n=Count("id")))
        return [{"identifier": identifier(t), "onChecklist": False,
                 "loanStatus": rules.LENDABLE if digital_rules.may_take_copy(
                     digital_rules.copies_free(t.licence, t.copies, lent.get(t.pk, 0)), 0)
                 else rules.RESERVABLE} for t in found]
    offers = digital.offers(patron, found, now) if found else []
    listed = set(Favourite.objects.filter(patron=patron, record__in=[t.record_id for t in found])
                 .values_list("record_id", flat=True))
    return [{"identifier": identifier(o.title), "onChecklist": o.title.record_id in listed,
             "loanStatus": rules.loan_status(o.on_loan, o.reserved, o.may_lend, o.may_reserve)}
            for o in offers]


def checklist(patron: Patron) -> dict:
    listed = list(Favourite.objects.filter(patron=patron, record__digital__isnull=False)
                  .select_related("record").prefetch_related("record__isbn_rows"))
    return {"code": rules.SUCCESS, "message": "OK", "items": [{
        "createdDateUtc": rules.utc(f.added), "productTitle": f.record.title,
        "identifier": identifier(f.record)} for f in listed]}


def reservation(patron: Patron, found: DigitalTitle) -> DigitalReservation:
    queued = DigitalReservation.objects.filter(patron=patron, title=found).first()
    if queued is None:
        raise refuse("digital_not_reserved")
    return queued
