"""One function per SIP2 message: read the request, call the lending services, write the reply.
Each message is one scope of reol.memo (dispatch).

No rule is decided here: refusals are the services' DomainErrors, shown in the terminal's
language (AF). A handler that raises a DomainError gets its message's refusal form instead.
"""

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from reol import memo
from reol.catalogue.models import Item, Record
from reol.circulation import accounts, facts, fee_rules, patrons, reservations, services
from reol.circulation import rules as circulation_rules
from reol.circulation.models import Block, Loan, Patron, Reservation
from reol.errors import DomainError
from reol.refusals import refuse

from . import access, rules, terminals
from .models import Sip2Terminal
from .protocol import (
    BLANK_DATE,
    MAX_FIELD,
    REQUESTS,
    ChecksumError,
    Message,
    ProtocolError,
    Reply,
    count,
    digit,
    error_detection,
    flag,
    parse,
    parse_date,
    resend,
    sip_date,
    sip_datetime,
)
from .protocol import encode as encode_reply

logger = logging.getLogger(__name__)

# 16 positions of the supported-messages field (BX), in the order SIP2 defines: patron status,
# checkout, checkin, block patron, SC/ACS status, resend, login, patron information, end
# session, fee paid, item information, item status update, patron enable, hold, renew, renew all
SUPPORTED = "YYYYYYYYYYYNYYYY"
LANGUAGES = {"009": "da", "001": "en"}  # SIP2 language codes we speak
LANGUAGE_CODES = {"da": "009", "en": "001"}
# Media type (CK) by material type: 001 book, 002 magazine, 006 CD/CD-ROM (any disc), 000 other
MEDIA = {"book": "001", "sheet_music": "001", "periodical": "002", "audiobook": "006",
         "film": "006", "music": "006", "game": "006"}
# Circulation status (18) by item status
CIRCULATION = {"available": "03", "on_loan": "04", "on_hold_shelf": "08", "in_transit": "10",
               "missing": "13", "withdrawn": "01", "lost": "12", "damaged": "01",
               "in_repair": "06"}
# Check-in: sort bin (CL) and alert type (CV) by where the copy goes next
SORT_BIN = {"shelf": "1", "hold_shelf": "2", "transit": "3", "lender": "3"}
MAX_LIST = 100  # items per list in one 64 reply

NOT_LOGGED_IN = refuse("not_logged_in")
UNREADABLE = refuse("unreadable_message")
INTERNAL = refuse("internal")
NO_HOLD_CHANGE = refuse("hold_mode")
NO_ITEM = refuse("no_item")
PIN_NEEDED = refuse("pin_required")


@dataclass
class Session:
    """One connection's state: the terminal that logged in and the patron being served."""

    terminal: Sip2Terminal | None = None
    address: str = ""  # the client's IP address, for the guessing limits of log-ins
    language: str = "da"
    card: str = ""  # the patron whose card and PIN were verified on this connection
    pin_digest: bytes = b""
    last_raw: str | None = None
    last_reply: bytes | None = None
    unreadable: int = 0  # frames in a row that could not be read (the server closes at 20)

    @property
    def institution(self) -> str:
        return self.terminal.branch.library.isil if self.terminal else ""

    def end_patron(self) -> None:
        self.card, self.pin_digest = "", b""
        self.language = self.terminal.language if self.terminal else "da"


def digest_pin(pin: str) -> bytes:
    return hashlib.sha256(pin.encode()).digest()


Handler = Callable[[Session, Message], Reply]
HANDLERS: dict[str, tuple[Handler, Callable[[Session, Message, DomainError], Reply]]] = {}


def handles(code: str, refusal: Callable[[Session, Message, DomainError], Reply]):
    def register(handler: Handler) -> Handler:
        HANDLERS[code] = (handler, refusal)
        return handler
    return register


def dispatch(session: Session, frame: bytes) -> bytes:
    """The reply to one frame: never raises. Each message is one scope of reol.memo: the
    memories' generation is read once for it, as once per web request."""
    try:
        message = parse(frame)
    except ProtocolError as error:
        session.unreadable += 1
        return _unreadable(session, frame, error)
    session.unreadable = 0
    if message.code == "97":
        return session.last_reply or resend(seq=message.seq,
                                            with_checksum=message.checksummed)
    if message.seq is not None and message.raw == session.last_raw and session.last_reply:
        return session.last_reply  # the same request again (a retransmission): act only once
    handler, refusal = HANDLERS[message.code]
    with memo.scope(), translation.override(session.language):
        try:
            if session.terminal is None and message.code not in ("93", "99"):
                raise NOT_LOGGED_IN
            reply = handler(session, message)
        except DomainError as error:
            reply = refusal(session, message, error)
        except Exception:
            logger.exception("SIP2 %s failed", message.code)
            reply = refusal(session, message, INTERNAL)
    data = _encode(reply, message)
    session.last_raw, session.last_reply = message.raw, data
    return data


def _encode(reply: Reply, message: Message) -> bytes:
    return encode_reply(reply, seq=message.seq, with_checksum=message.checksummed,
                        encoding="latin-1" if message.latin1 else "utf-8")


# Requests whose own refusal answers a body we cannot read; the others get 96 (please
# resend): a wrong checksum is a damaged transmission, and 97 and 99 have no refusal to give.
ANSWERED_WHEN_UNREADABLE = frozenset(REQUESTS) - {"97", "99"}


def _unreadable(session: Session, frame: bytes, error: ProtocolError) -> bytes:
    """A frame we cannot read: the refusal of its message when its code is one we answer
    (the machine is told why, and does not send the same bytes again), else 96; either way
    with the sequence number and checksum the machine sent. Nothing is acted on."""
    seq, checksummed = error_detection(frame)
    text = frame.strip(b"\r\n").decode("latin-1")
    code = text[:2]
    if isinstance(error, ChecksumError) or code not in ANSWERED_WHEN_UNREADABLE:
        return resend(seq=seq, with_checksum=checksummed)
    latin1 = not _is_utf8(frame)
    blank = {name: " " * length for name, length in REQUESTS[code]}
    message = Message(code, blank, {}, text, seq, checksummed, latin1)
    with memo.scope(), translation.override(session.language):
        try:
            reply = HANDLERS[code][1](session, message, UNREADABLE)
        except Exception:
            logger.exception("SIP2 refusal of an unreadable %s failed", code)
            return resend(seq=seq, with_checksum=checksummed)
    return _encode(reply, message)


def _is_utf8(frame: bytes) -> bool:
    try:
        frame.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _text(session: Session, error: DomainError) -> str:
    return error.message(session.language)


def _now() -> str:
    return sip_datetime()


# --- who is the patron ------------------------------------------------------------------------


def _identify(session: Session, message: Message) -> str | Patron:
    """The patron of a request: their card when it was verified on this connection before
    (the service looks it up in its own transaction), else the Patron after the PIN check."""
    card, pin = message.get("AA"), message.get("AD")
    if not card:
        return facts.patron_by_card("")  # raises unknown_card
    if card == session.card and (
        not pin or hmac.compare_digest(session.pin_digest, digest_pin(pin))
    ):
        return card
    if pin:
        patron = patrons.authenticate(card, pin,
                                      source=patrons.terminal_source(session.terminal.pk))
        session.card, session.pin_digest = card, digest_pin(pin)
        return patron
    if session.terminal.pin_required:
        raise PIN_NEEDED
    patron = facts.patron_by_card(card)
    session.card, session.pin_digest = card, b""
    return patron


def _pin_verified(session: Session, message: Message) -> Patron:
    """The patron whose PIN is right in this message or was on this connection, even at a
    machine that lends without PINs."""
    card = message.get("AA")
    if not message.get("AD") and not (card and card == session.card and session.pin_digest):
        raise PIN_NEEDED
    return _patron(session, message)


def _patron(session: Session, message: Message) -> Patron:
    found = _identify(session, message)
    return facts.patron_by_card(found) if isinstance(found, str) else found


def _set_language(session: Session, code: str) -> None:
    if code in LANGUAGES:
        session.language = LANGUAGES[code]
        translation.activate(session.language)


# --- 93 login, 99 status, 97 resend -----------------------------------------------------------


def _login_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return Reply("94", ["0"])


@handles("93", _login_refused)
def login(session: Session, message: Message) -> Reply:
    terminal = terminals.log_in(message.get("CN") or "", message.get("CO") or "",
                                session.address)
    if terminal is None:
        session.terminal = None
        return Reply("94", ["0"])
    session.terminal = terminal
    session.end_patron()
    return Reply("94", ["1"])


def _status_reply(session: Session, online: bool, screen: str = "") -> Reply:
    terminal = session.terminal
    return Reply(
        "98",
        [flag(online), "Y", "Y", "Y", "N", "N", "030", "003", _now(), "2.00"],
        [
            ("AO", session.institution),
            ("AM", terminal.branch.library.name if terminal else "reol"),
            ("BX", SUPPORTED),
            ("AN", terminal.branch.code if terminal else None),
            ("AF", screen or None),
        ],
    )


@handles("99", lambda s, m, e: _status_reply(s, False, _text(s, e)))
def status(session: Session, message: Message) -> Reply:
    if session.terminal is None:
        return _status_reply(session, False, _text(session, NOT_LOGGED_IN))
    return _status_reply(session, True)


# --- 23 patron status, 63 patron information, 01 block, 35 end session -------------------------


@dataclass
class Standing:
    """What the patron status fields say about a patron."""

    flags: str = " " * 14
    fees: Decimal = Decimal("0")


def _standing(patron: Patron | None) -> Standing:
    if patron is None:
        return Standing()
    today = timezone.localdate()
    codes = set(Block.objects.filter(patron=patron, lifted__isnull=True)
                .values_list("code", flat=True))
    flags = [" "] * 14
    if facts.block(patron, self_service=True):
        flags[0:4] = "YYYY"  # charge, renewal, recall and hold privileges denied
    if "lost_card" in codes:
        flags[4] = "Y"
    open_loans = Loan.objects.filter(patron=patron, returned__isnull=True).count()
    if open_loans >= facts.patron_terms(patron, today).max_loans:
        flags[5] = "Y"
    if "fees" in codes:
        flags[10] = flags[11] = "Y"
    return Standing("".join(flags), accounts.balance(patron))


def _patron_status(session: Session, message: Message, patron: Patron | None, *,
                   valid: bool, pin_ok: bool, screen: str = "") -> Reply:
    standing = _standing(patron)
    return Reply(
        "24",
        [standing.flags, LANGUAGE_CODES[session.language], _now()],
        [
            ("AO", session.institution),
            ("AA", message.get("AA")),
            ("AE", patron.display_name if patron else ""),
            ("BL", flag(valid)),
            ("CQ", flag(pin_ok)),
            ("BH", "DKK"),
            ("BV", f"{standing.fees:.2f}"),
            ("AF", screen or None),
        ],
    )


def _status_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _patron_status(session, message, None, valid=False, pin_ok=False,
                          screen=_text(session, error))


def _check_patron(session: Session, message: Message) -> tuple[Patron | None, bool, str]:
    """For 23 and 63 at a self-check machine: the patron, whether their PIN was right (or not
    needed), and why not. A right PIN opens the patron's session on this connection. Where the
    machine asks for PINs, nothing about the card is told before its PIN is right: an unknown
    card, a missing PIN and a wrong one get the same blank answer."""
    try:
        found = _identify(session, message)
    except DomainError as error:
        if session.terminal.pin_required:
            return None, False, _text(session, error)
        try:  # a machine without PINs: the card alone says who it is
            return facts.patron_by_card(message.get("AA")), False, _text(session, error)
        except DomainError as unknown:
            return None, False, _text(session, unknown)
    return facts.patron_by_card(found) if isinstance(found, str) else found, True, ""


@handles("23", _status_refused)
def patron_status(session: Session, message: Message) -> Reply:
    _set_language(session, message.fixed["language"])
    if session.terminal.kind == Sip2Terminal.Kind.DOOR:
        # A door controller: BL and CQ are both Y exactly when the door may open.
        decision = access.decide(session.terminal.branch, message.get("AA"),
                                 message.get("AD") or None, via="sip2",
                                 source=patrons.terminal_source(session.terminal.pk))
        # Open or not, and why: a door needs no name, fees or blocks.
        return _patron_status(session, message, None, valid=decision.allowed,
                              pin_ok=decision.allowed, screen=_text(session, decision.reason))
    patron, pin_ok, screen = _check_patron(session, message)
    return _patron_status(session, message, patron, valid=patron is not None, pin_ok=pin_ok,
                          screen=screen)


@handles("01", _status_refused)
def block_patron(session: Session, message: Message) -> Reply:
    """The machine blocks a card (tampering, a card left behind): blocked from self-service,
    so staff look at it, with the terminal and its message as the reason. Only with the card's
    PIN (in the message or right on this connection before), and only as the card's library
    allows: otherwise anyone at a machine could shut anyone out."""
    patron = _pin_verified(session, message)
    if refusal := rules.block_refusal(session.terminal.branch.library_id, patron.library_id):
        raise refusal
    retained = " (kortet er tilbageholdt)" if message.fixed["card_retained"] == "Y" else ""
    reason = (f"{circulation_rules.MACHINE_BLOCK}{session.terminal.login}{retained}: "
              f"{message.get('AL')}").strip()
    patrons.add_block(patron, Block.Code.NO_SELF_SERVICE, reason[:300],
                      at_library=session.terminal.branch.library_id)
    logger.warning("SIP2 terminal %s blocked a card", session.terminal.login)
    session.end_patron()
    return _patron_status(session, message, patron, valid=True, pin_ok=False,
                          screen=_text(session, facts.block(patron, self_service=True)))


def _info_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _patron_info(session, message, None, valid=False, pin_ok=False,
                        screen=_text(session, error))


@handles("63", _info_refused)
def patron_information(session: Session, message: Message) -> Reply:
    _set_language(session, message.fixed["language"])
    patron, pin_ok, screen = _check_patron(session, message)
    return _patron_info(session, message, patron, valid=patron is not None, pin_ok=pin_ok,
                        screen=screen)


def _lists(patron: Patron) -> list[list[str]]:
    """Holds available, overdue, charged, fines, recalls, unavailable holds (SIP2's order)."""
    today = timezone.localdate()
    loans = list(Loan.objects.filter(patron=patron, returned__isnull=True)
                 .select_related("item").order_by("due", "id"))
    holds = list(Reservation.objects.filter(patron=patron, status__in=Reservation.ACTIVE)
                 .select_related("record").order_by("placed", "id"))
    account = accounts.statement(patron)
    return [
        [h.record.title for h in holds if h.status == Reservation.Status.ON_HOLD_SHELF],
        [loan.item.barcode for loan in loans if loan.due < today],
        [loan.item.barcode for loan in loans],
        [f"{charge.pk} {account.left[charge.pk]:.2f} DKK {charge.title or charge.reason}"
         [:MAX_FIELD] for charge in account.open_charges],
        [],  # recalls: Danish libraries do not recall loans
        [h.record.title for h in holds if h.status != Reservation.Status.ON_HOLD_SHELF],
    ]


LIST_FIELDS = ("AS", "AT", "AU", "AV", "BU", "CD")


def _number(value: str, default: int) -> int:
    return int(value) if value.isdigit() and 0 < len(value) <= 6 else default


def _patron_info(session: Session, message: Message, patron: Patron | None, *, valid: bool,
                 pin_ok: bool, screen: str = "") -> Reply:
    standing = _standing(patron)
    lists = _lists(patron) if patron and pin_ok else [[] for _ in LIST_FIELDS]
    summary = message.fixed.get("summary", "")
    start = _number(message.get("BP"), 1)
    end = min(_number(message.get("BQ"), start + MAX_LIST - 1), start + MAX_LIST - 1)
    items: list[tuple[str, str | None]] = []
    for position, (code, values) in enumerate(zip(LIST_FIELDS, lists, strict=True)):
        if summary[position : position + 1] not in ("", " "):
            items += [(code, value) for value in values[start - 1 : end]]
    terms = facts.patron_terms(patron, timezone.localdate()) if patron else None
    return Reply(
        "64",
        [standing.flags, LANGUAGE_CODES[session.language], _now(),
         *(count(len(values)) for values in lists)],
        [
            ("AO", session.institution),
            ("AA", message.get("AA")),
            ("AE", patron.display_name if patron else ""),
            ("BZ", count(terms.max_reservations) if terms else None),
            ("CB", count(terms.max_loans) if terms else None),
            ("BL", flag(valid)),
            ("CQ", flag(pin_ok)),
            ("BH", "DKK"),
            ("BV", f"{standing.fees:.2f}"),
            *items,
            ("BE", patron.email if patron and pin_ok and patron.email else None),
            ("BF", patron.phone if patron and pin_ok and patron.phone else None),
            ("AF", screen or None),
        ],
    )


def _fee_paid_reply(session: Session, message: Message, *, ok: bool,
                    screen: str = "") -> Reply:
    return Reply("38", [flag(ok), _now()], [
        ("AO", session.institution),
        ("AA", message.get("AA")),
        ("BK", message.get("BK") or None),
        ("AF", screen or None),
    ])


def _fee_paid_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _fee_paid_reply(session, message, ok=False, screen=_text(session, error))


@handles("37", _fee_paid_refused)
def fee_paid(session: Session, message: Message) -> Reply:
    """A payment kiosk took money (BV, in the currency of the fixed field) for the patron's
    account. Refused: another currency than DKK, more than is owed, a card of another
    library. The kiosk's transaction id (BK) makes a resent message harmless."""
    if refusal := fee_rules.currency_refusal(message.fixed["currency"]):
        raise refusal
    patron = _patron(session, message)
    library = session.terminal.branch.library_id
    if refusal := rules.payment_refusal(library, patron.library_id):
        raise refusal
    transaction_id = message.get("BK")
    entry = accounts.pay(patron, message.get("BV"), "sip2", library_id=library,
                         reference=f"{session.terminal.pk}:{transaction_id}"
                         if transaction_id else "")
    screen = _("Paid: %(amount)s kr. Thank you.") % {
        "amount": formats.number_format(-entry.amount, 2)}
    return _fee_paid_reply(session, message, ok=True, screen=screen)


@handles("35", lambda s, m, e: Reply("36", ["N", _now()], [("AO", s.institution),
                                                            ("AA", m.get("AA"))]))
def end_session(session: Session, message: Message) -> Reply:
    session.end_patron()
    return Reply("36", ["Y", _now()], [("AO", session.institution), ("AA", message.get("AA")),
                                        ("AF", _("Thank you for your visit."))])


# --- 11 checkout, 29 renew, 65 renew all --------------------------------------------------------


def _item_facts(barcode: str) -> Item | None:
    return Item.objects.select_related("record", "home_branch").filter(barcode=barcode).first()


def _loan_reply(code: str, session: Session, message: Message, *, ok: bool, renewed: bool,
                item: Item | None, due=None, screen: str = "") -> Reply:
    media = MEDIA.get(item.record.material_type, "000") if item else None
    return Reply(
        code,
        [digit(ok), flag(renewed), "U", flag(ok), _now()],
        [
            ("AO", session.institution),
            ("AA", message.get("AA")),
            ("AB", message.get("AB")),
            ("AJ", item.record.title if item else ""),
            ("AH", sip_date(due)),
            ("CK", media),
            ("AF", screen or None),
        ],
    )


def _checkout_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _loan_reply("12", session, message, ok=False, renewed=False,
                       item=_item_facts(message.get("AB")), screen=_text(session, error))


def _due_text(loan: Loan) -> str:
    return _("Due back %(date)s.") % {"date": formats.date_format(loan.due, "SHORT_DATE_FORMAT")}


@handles("11", _checkout_refused)
def checkout(session: Session, message: Message) -> Reply:
    barcode = message.get("AB")
    if not barcode:
        raise NO_ITEM
    who = _identify(session, message)
    try:
        loan = services.check_out(who, barcode, session.terminal.branch, self_service=True)
        renewed = False
    except DomainError as error:
        # Lent to this patron already: a machine that allows renewals renews it instead.
        if error.code != "already_yours" or message.fixed["renewal_policy"] != "Y":
            raise
        loan = _renew(who, barcode)
        renewed = True
    return _loan_reply("12", session, message, ok=True, renewed=renewed, item=loan.item,
                       due=loan.due, screen=_due_text(loan))


def _renew(who: str | Patron, barcode: str) -> Loan:
    patron = facts.patron_by_card(who) if isinstance(who, str) else who
    loan = Loan.objects.filter(item__barcode=barcode, returned__isnull=True,
                               patron=patron).first()
    if loan is None:
        raise refuse("unknown_loan")
    return services.renew(loan, patron=patron, self_service=True)


def _renew_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _loan_reply("30", session, message, ok=False, renewed=False,
                       item=_item_facts(message.get("AB")), screen=_text(session, error))


@handles("29", _renew_refused)
def renew(session: Session, message: Message) -> Reply:
    if not message.get("AB"):
        raise NO_ITEM
    loan = _renew(_identify(session, message), message.get("AB"))
    return _loan_reply("30", session, message, ok=True, renewed=True, item=loan.item,
                       due=loan.due, screen=_due_text(loan))


def _renew_all_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return Reply("66", ["0", count(0), count(0), _now()],
                 [("AO", session.institution), ("AF", _text(session, error))])


@handles("65", _renew_all_refused)
def renew_all(session: Session, message: Message) -> Reply:
    patron = _patron(session, message)
    results = services.renew_all(patron, self_service=True)
    barcodes = dict(Item.objects.filter(pk__in=[r.loan.item_id for r in results])
                    .values_list("pk", "barcode"))
    done = [barcodes[r.loan.item_id] for r in results if r.error is None]
    refused = [r for r in results if r.error is not None]
    screen = _("%(renewed)s renewed, %(refused)s could not be renewed.") % {
        "renewed": len(done), "refused": len(refused)}
    return Reply(
        "66",
        ["1", count(len(done)), count(len(refused)), _now()],
        [("AO", session.institution),
         *(("BM", barcode) for barcode in done),
         *(("BN", f"{barcodes[r.loan.item_id]} {_text(session, r.error)}") for r in refused),
         ("AF", screen)],
    )


# --- 09 check-in -------------------------------------------------------------------------------


def _checkin_refused(session: Session, message: Message, error: DomainError) -> Reply:
    item = _item_facts(message.get("AB"))
    return Reply(
        "10",
        ["0", "N", "U", "Y", _now()],
        [("AO", session.institution), ("AB", message.get("AB")),
         ("AQ", item.home_branch.code if item else ""), ("AJ", item.record.title if item else ""),
         ("AF", _text(session, error))],
    )


@handles("09", _checkin_refused)
def checkin(session: Session, message: Message) -> Reply:
    """Take the item back and tell the machine where it goes: back on the shelf (bin 1), the
    hold shelf here (bin 2, alert 01), or in transit (bin 3; alert 02 for a reservation at
    another branch, 04 going home), with the destination branch code in CT."""
    barcode = message.get("AB")
    if not barcode:
        raise NO_ITEM
    result = services.check_in(barcode, session.terminal.branch)
    routing, item = result.routing, result.item
    alert_type, screen = None, _("Returned. Thank you.")
    if routing.action == "hold_shelf":
        alert_type = "01"
        screen = _("Put it on the hold shelf: pickup number %(number)s.") % {
            "number": routing.reservation.pickup_number}
    elif routing.action == "transit":
        alert_type = "02" if routing.reservation else "04"
        screen = _("Send it to %(branch)s.") % {"branch": routing.to_branch.name}
    elif routing.action == "lender":  # a borrowed copy: staff send it back to its library
        alert_type = "04"
        screen = _("Borrowed from %(library)s: put it aside to be sent back.") % {
            "library": routing.to_library}
    return Reply(
        "10",
        ["1", "Y", "U", flag(alert_type is not None), _now()],
        [
            ("AO", session.institution),
            ("AB", barcode),
            ("AQ", item.home_branch.code),
            ("AJ", item.record.title),
            ("CL", SORT_BIN[routing.action]),
            ("CK", MEDIA.get(item.record.material_type, "000")),
            ("CT", routing.to_branch.code if alert_type and routing.to_branch else None),
            ("CV", alert_type),
            ("CS", item.shelf_location or None),
            ("AG", screen if alert_type else None),
            ("AF", screen),
        ],
    )


# --- 17 item information ----------------------------------------------------------------------


def _item_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return Reply("18", ["01", "00", "01", _now()],
                 [("AB", message.get("AB")), ("AJ", ""), ("AF", _text(session, error))])


@handles("17", _item_refused)
def item_information(session: Session, message: Message) -> Reply:
    item = (Item.objects.select_related("record", "home_branch", "current_branch", "library")
            .filter(barcode=message.get("AB")).first())
    if item is None:
        raise refuse("unknown_barcode.unnamed")
    loan = Loan.objects.filter(item=item, returned__isnull=True).first()
    queue = Reservation.objects.filter(record=item.record_id,
                                       status=Reservation.Status.WAITING).count()
    shelved = Reservation.objects.filter(item=item,
                                         status=Reservation.Status.ON_HOLD_SHELF).first()
    return Reply(
        "18",
        [CIRCULATION.get(item.status, "01"), "00", "01", _now()],
        [
            ("CF", str(queue)),
            ("AH", sip_date(loan.due) if loan else None),
            ("CM", sip_date(shelved.shelf_deadline) if shelved else None),
            ("AB", item.barcode),
            ("AJ", item.record.title),
            ("BG", item.library.isil),
            ("CK", MEDIA.get(item.record.material_type, "000")),
            ("AQ", item.home_branch.code),
            ("AP", item.current_branch.code),
            ("CS", item.shelf_location or None),
            ("AF", str(Item.Status(item.status).label)),
        ],
    )


# --- 15 hold --------------------------------------------------------------------------------


def _hold_reply(session: Session, message: Message, *, ok: bool, reservation=None,
                position: int | None = None, screen: str = "") -> Reply:
    """16; the queue position (BR) is the one the screen text (AF) gives, when it gives one."""
    available = reservation is not None and reservation.status == "on_hold_shelf"
    return Reply(
        "16",
        [digit(ok), flag(available), _now()],
        [
            ("BW", sip_date(reservation.interest_until) if reservation else None),
            ("BR", str(position) if ok and position is not None else None),
            ("BS", reservation.pickup_branch.code if reservation else None),
            ("AO", session.institution),
            ("AA", message.get("AA")),
            ("AB", message.get("AB") or None),
            ("AJ", reservation.record.title if reservation else message.get("AJ")),
            ("AF", screen or None),
        ],
    )


def _hold_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _hold_reply(session, message, ok=False, screen=_text(session, error))


def _hold_record(message: Message) -> tuple[Record, Item | None]:
    """The record a hold names: by a copy's barcode (AB) or the record's id (AJ)."""
    if barcode := message.get("AB"):
        item = Item.objects.select_related("record").filter(barcode=barcode).first()
        if item:
            return item.record, item
    elif (pid := message.get("AJ")) and (record := Record.objects.filter(pid=pid).first()):
        return record, None
    raise refuse("unknown_record")


@handles("15", _hold_refused)
def hold(session: Session, message: Message) -> Reply:
    mode = message.fixed["mode"]
    if mode not in "+-":
        raise NO_HOLD_CHANGE
    patron = _patron(session, message)
    record, item = _hold_record(message)
    if mode == "-":
        found = Reservation.objects.filter(patron=patron, record=record,
                                           status__in=Reservation.ACTIVE).first()
        if found is None:
            raise refuse("unknown_reservation")
        cancelled = reservations.cancel_reservation(found, patron=patron)
        return _hold_reply(session, message, ok=True, reservation=cancelled,
                           screen=_("The reservation is cancelled."))
    pickup = message.get("BS") or (patron.pickup_branch.code if patron.pickup_branch
                                   else session.terminal.branch.code)
    expires = parse_date(message.get("BW", BLANK_DATE))
    placed = reservations.place_reservation(
        patron, record, pickup, wanted_item=item if message.get("BY") == "3" else None,
        interest_until=expires)
    # A reservation that a copy already serves is first in line: 1, on the screen and in BR.
    position = reservations.queue_position(placed) or 1
    return _hold_reply(session, message, ok=True, reservation=placed, position=position,
                       screen=_("Reserved: number %(position)s in the queue.") % {
                           "position": position})


# --- 19 item status update --------------------------------------------------------------------


def _item_update_reply(session: Session, message: Message, item: Item | None,
                       screen: str) -> Reply:
    """20: item properties ok is 0, since a machine changes nothing about a copy; CH is blank,
    as reol keeps no item properties beyond the catalogue's own fields."""
    return Reply(
        "20",
        [digit(False), _now()],
        [
            ("AB", message.get("AB")),
            ("AJ", item.record.title if item else ""),
            ("CH", ""),
            ("AF", screen),
        ],
    )


def _item_update_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _item_update_reply(session, message, None, _text(session, error))


@handles("19", _item_update_refused)
def item_status_update(session: Session, message: Message) -> Reply:
    item = (Item.objects.select_related("record").filter(barcode=message.get("AB")).first()
            if message.get("AB") else None)
    if item is None:
        raise refuse("unknown_barcode.unnamed")
    return _item_update_reply(session, message, item,
                              _text(session, rules.item_update_refusal()))


# --- 25 patron enable -------------------------------------------------------------------------


def _enable_reply(session: Session, message: Message, patron: Patron | None, *, valid: bool,
                  pin_ok: bool, screen: str) -> Reply:
    standing = _standing(patron)
    return Reply(
        "26",
        [standing.flags, LANGUAGE_CODES[session.language], _now()],
        [
            ("AO", session.institution),
            ("AA", message.get("AA")),
            ("AE", patron.display_name if patron else ""),
            ("BL", flag(valid)),
            ("CQ", flag(pin_ok)),
            ("AF", screen),
        ],
    )


def _enable_refused(session: Session, message: Message, error: DomainError) -> Reply:
    return _enable_reply(session, message, None, valid=False, pin_ok=False,
                         screen=_text(session, error))


@handles("25", _enable_refused)
def patron_enable(session: Session, message: Message) -> Reply:
    """Lift the blocks a machine placed (01), with the card's PIN, at a machine of the card's
    own library; AF says what still blocks the card and that staff lift it."""
    patron = _pin_verified(session, message)
    patrons.enable(patron, at_library=session.terminal.branch.library_id)
    block = facts.block(patron, self_service=True)
    if block is None:
        screen = _("Your card can be used at the machines again.")
    else:  # every block still on stops self-service (rules.blocked): staff lift it
        screen = _("Still blocked: %(reason)s") % {"reason": _text(session, block)}
    return _enable_reply(session, message, patron, valid=True, pin_ok=True, screen=screen)
