"""Lending's notices: wording in the patron's language and the channels the patron chose.
Sending them (the outbox) is tested in tests/core/test_outbox.py."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from reol.circulation import notices, services
from reol.circulation.models import Reservation
from reol.circulation.reservations import expire, place_reservation
from reol.core import outbox
from reol.core.models import Notice
from reol.errors import DomainError
from reol.libraries.models import OpeningPattern
from tests.factories import make_item, make_patron, make_record

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))  # a Monday
FRIDAY = timezone.make_aware(datetime(2026, 11, 6, 12, 0))
# GSM 03.38's basic alphabet: what one 160-character SMS can carry.
GSM = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOP"
          "QRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")


@pytest.fixture
def sms_dir(settings, tmp_path) -> Path:
    settings.REOL_SMS_URL = f"file://{tmp_path}/sms"
    return tmp_path / "sms"


def texts(sms_dir: Path) -> list[str]:
    return sorted(p.read_text() for p in sms_dir.glob("*.txt")) if sms_dir.exists() else []


def patron_in(network, language: str, **fields):
    fields.setdefault("phone", "20304050")
    fields.setdefault("notify_sms", True)
    return make_patron(network.glostrup, language=language, **fields)


def lend(patron, network, title: str = "Kongens Fald", **record):
    item = make_item(make_record(title, **record), network.glostrup_main)
    return services.check_out(patron, item.barcode, "glostrup", now=NOW)


def ready_reservation(patron, network, title: str = "Kongens Fald"):
    """The patron's reservation lands on the Glostrup hold shelf on Friday 6 November."""
    book = make_record(title)
    item = make_item(book, network.glostrup_main)
    services.check_out(make_patron(network.glostrup), item.barcode, "glostrup", now=NOW)
    reservation = place_reservation(patron, book, "glostrup", now=NOW)
    services.check_in(item.barcode, "glostrup", now=FRIDAY)
    reservation.refresh_from_db()
    return reservation


def expired_reservation(patron, network, title: str = "Kongens Fald"):
    book = make_record(title)
    make_item(book, network.glostrup_main, status="on_loan")  # no copy comes back in time
    reservation = place_reservation(patron, book, "glostrup", now=NOW,
                                    interest_until=date(2026, 11, 20))
    expire(timezone.make_aware(datetime(2026, 11, 21, 6, 0)))
    reservation.refresh_from_db()
    return reservation


def all_kinds(patron, network, title: str = "Kongens Fald") -> dict[str, Notice]:
    """One notice of each kind for the patron, made as the jobs and services make them."""
    loan = lend(patron, network, title)  # due Wednesday 2 December 2026
    notices.queue(patron, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan)
    notices.queue(patron, "overdue", f"overdue:{loan.pk}:{loan.due}", loan=loan)
    notices.queue(patron, "renewed", "renewed:1", loan=loan)
    refusal = DomainError("reserved_by_another", "Materialet er reserveret af en anden låner.",
                          "Another patron has reserved the item.")
    notices.queue(patron, "not_renewed", "not_renewed:1", loan=loan, reason=refusal)
    ready_reservation(patron, network, title)  # its hold-shelf deadline passes too:
    expired_reservation(patron, network, title)
    made = {}
    for notice in Notice.objects.filter(patron_id=patron.pk, channel="email"):
        if notice.key.startswith("expired:"):
            reason = Reservation.objects.get(pk=notice.key.split(":")[1]).closed_reason
            made[f"{notice.kind}/{reason}"] = notice
        else:
            made[notice.kind] = notice
    return made


DANISH = {
    "ready": ("Klar til afhentning: Kongens Fald", [
        "»Kongens Fald« er klar til afhentning på Glostrup Bibliotek.",
        "Dit afhentningsnummer er 001. Hent materialet senest fredag den 13. november 2026; "
        "derefter udløber reserveringen."]),
    "due_soon": ("Afleveres snart: Kongens Fald", [
        "»Kongens Fald« skal afleveres senest onsdag den 2. december 2026.",
        "Kan lånet fornys, fornyer vi det automatisk på afleveringsdatoen og giver dig besked."]),
    "overdue": ("Overskredet lånetid: Kongens Fald", [
        "»Kongens Fald« skulle have været afleveret onsdag den 2. december 2026. Aflever det "
        "venligst hurtigst muligt."]),
    "renewed": ("Fornyet: Kongens Fald", [
        "»Kongens Fald« er blevet fornyet automatisk. Den nye afleveringsdato er onsdag den "
        "2. december 2026."]),
    "not_renewed": ("Ikke fornyet: Kongens Fald", [
        "Vi kunne ikke forny »Kongens Fald« automatisk:\n"
        "Materialet er reserveret af en anden låner.",
        "Materialet skal afleveres senest onsdag den 2. december 2026."]),
    "reservation_expired/not_collected": ("Reservering udløbet: Kongens Fald", [
        "»Kongens Fald« ventede på dig på afhentningshylden på Glostrup Bibliotek til og med "
        "fredag den 13. november 2026, men blev ikke hentet, så reserveringen er udløbet.",
        "Du er velkommen til at reservere igen."]),
    "reservation_expired/interest_period": ("Reservering udløbet: Kongens Fald", [
        "Din reservering af »Kongens Fald« er udløbet: der blev ikke et eksemplar ledigt til "
        "dig, før din interesseperiode sluttede 20. november 2026.",
        "Du er velkommen til at reservere igen."]),
}
ENGLISH = {
    "ready": ("Ready for pickup: Kongens Fald", [
        "“Kongens Fald” is ready for you to collect at Glostrup Bibliotek.",
        "Your pickup number is 001. Please collect it by Friday, Nov. 13, 2026; after that the "
        "reservation lapses."]),
    "due_soon": ("Due soon: Kongens Fald", [
        "“Kongens Fald” is due back on Wednesday, Dec. 2, 2026.",
        "If the loan can be renewed, we renew it automatically on the due date and let you "
        "know."]),
    "overdue": ("Overdue: Kongens Fald", [
        "“Kongens Fald” should have been returned on Wednesday, Dec. 2, 2026. Please return it "
        "as soon as possible."]),
    "renewed": ("Renewed: Kongens Fald", [
        "“Kongens Fald” has been renewed automatically. The new due date is Wednesday, Dec. 2, "
        "2026."]),
    "not_renewed": ("Not renewed: Kongens Fald", [
        "We could not renew “Kongens Fald” automatically:\n"
        "Another patron has reserved the item.",
        "Please return it by Wednesday, Dec. 2, 2026."]),
    "reservation_expired/not_collected": ("Reservation expired: Kongens Fald", [
        "“Kongens Fald” waited for you on the hold shelf at Glostrup Bibliotek until Friday, "
        "Nov. 13, 2026, but was not collected, so the reservation has lapsed.",
        "You are welcome to reserve it again."]),
    "reservation_expired/interest_period": ("Reservation expired: Kongens Fald", [
        "Your reservation of “Kongens Fald” has lapsed: no copy became available for you by "
        "Nov. 20, 2026, the last day you wanted it.",
        "You are welcome to reserve it again."]),
}


@pytest.mark.parametrize(("language", "expected", "greeting", "signature"), [
    ("da", DANISH, "Kære Karen Blixen\n\n",
     "Venlig hilsen\nGlostrup Bibliotek\n\nBeskeden er sendt automatisk, og svar på den bliver "
     "ikke læst."),
    ("en", ENGLISH, "Dear Karen Blixen,\n\n",
     "Kind regards,\nGlostrup Bibliotek\n\nThis message was sent automatically; replies are "
     "not read."),
])
def test_every_kind_of_notice_reads_well_in_the_patrons_language(
        network, language, expected, greeting, signature):
    made = all_kinds(patron_in(network, language), network)
    assert set(made) == set(expected)
    for kind, (subject, paragraphs) in expected.items():
        notice = made[kind]
        assert notice.subject == subject
        assert notice.body.startswith(greeting) and notice.body.endswith(signature), kind
        for paragraph in paragraphs:
            assert f"\n\n{paragraph}\n\n" in notice.body, (kind, notice.body)
        assert "\n\n\n" not in notice.body and "{" not in notice.body


@pytest.mark.parametrize("language", ["da", "en"])
def test_text_messages_fit_one_sms_in_the_gsm_alphabet(network, language):
    patron = patron_in(network, language)
    all_kinds(patron, network, title="Den store bog om alt det, som ingen anden bog har med")
    messages = Notice.objects.filter(patron_id=patron.pk, channel="sms")
    assert messages.count() == 7
    for message in messages:
        assert len(message.body) <= outbox.SMS_LENGTH, message.body
        assert set(message.body) <= GSM, message.body
        assert '"Den store bog om alt det, som in"' in message.body
    ready = messages.get(kind="ready").body
    assert ready == {
        "da": '"Den store bog om alt det, som in" er klar til dig på Glostrup Bibliotek, '
              "afhentningsnr. 001. Hent senest 13. november 2026.",
        "en": '"Den store bog om alt det, som in" is ready for you at Glostrup Bibliotek, '
              "pickup number 001. Collect it by Nov. 13, 2026.",
    }[language]


def test_a_hold_shelf_deadline_counts_the_pickup_branchs_open_days(network):
    for weekday in range(5):  # Glostrup is open on weekdays only
        OpeningPattern.objects.create(branch=network.glostrup_main, valid_from=date(2026, 1, 1),
                                      weekday=weekday, opens=time(10), closes=time(17))
    reservation = ready_reservation(patron_in(network, "da"), network)
    assert reservation.shelf_deadline == date(2026, 11, 17)  # 7 open days after Friday 6th
    ready = Notice.objects.get(kind="ready", channel="email")
    assert "Hent materialet senest tirsdag den 17. november 2026" in ready.body
    assert "Hent senest 17. november 2026." in Notice.objects.get(kind="ready", channel="sms").body


def test_titles_and_names_are_plain_text_not_html(network, mailoutbox):
    patron = patron_in(network, "da", name="Søren & Co")
    loan = lend(patron, network, 'Tom & Jerry: "Katten" <1>')
    notices.queue(patron, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan)
    outbox.send_pending()
    assert mailoutbox[0].subject == 'Afleveres snart: Tom & Jerry: "Katten" <1>'
    assert mailoutbox[0].body.startswith("Kære Søren & Co\n\n»Tom & Jerry: \"Katten\" <1>«")


def test_the_patron_chooses_email_sms_both_or_neither(network, mailoutbox, sms_dir):
    both = patron_in(network, "da", email="both@example.dk", phone="11111111")
    only_mail = make_patron(network.glostrup, email="mail@example.dk", phone="22222222")
    only_sms = patron_in(network, "en", email="sms@example.dk", notify_email=False,
                         phone="33333333")
    neither = make_patron(network.glostrup, email="", phone="44444444")
    for patron in (both, only_mail, only_sms, neither):
        loan = lend(patron, network)
        notices.queue(patron, "overdue", f"overdue:{loan.pk}:{loan.due}", loan=loan)
    assert outbox.send_pending().sent == 4
    assert sorted(m.to[0] for m in mailoutbox) == ["both@example.dk", "mail@example.dk"]
    assert mailoutbox[0].from_email == "reol <noreply@localhost>"
    assert mailoutbox[0].extra_headers["Auto-Submitted"] == "auto-generated"
    sent = texts(sms_dir)
    assert [t.split("\n")[0] for t in sent] == ["To: 11111111", "To: 33333333"]
    assert "skulle have været afleveret" in sent[0] and "was due back on" in sent[1]
    assert Notice.objects.filter(patron_id=neither.pk).count() == 0
    assert set(Notice.objects.values_list("status", flat=True)) == {"sent"}
    assert all(n.sent is not None for n in Notice.objects.all())


def test_a_pickup_notice_for_a_reservation_collected_before_sending_is_dropped(
        network, mailoutbox, sms_dir):
    patron = patron_in(network, "da", email="p@example.dk")
    reservation = ready_reservation(patron, network)
    assert Notice.objects.filter(kind="ready").count() == 2  # queued, not sent yet
    services.check_out(patron, reservation.item.barcode, "glostrup", now=FRIDAY)
    result = outbox.send_pending(now=FRIDAY)
    assert (result.sent, result.dropped) == (0, 2)
    assert mailoutbox == [] and texts(sms_dir) == []
    assert not Notice.objects.filter(kind="ready").exists()


@pytest.mark.parametrize(("days_late", "sent"), [(0, True), (1, False)])
def test_a_pickup_notice_is_sent_until_the_shelf_deadline_and_dropped_after_it(
        network, mailoutbox, sms_dir, days_late, sent):
    reservation = ready_reservation(patron_in(network, "da", email="p@example.dk"), network)
    deadline = datetime.combine(reservation.shelf_deadline + timedelta(days=days_late), time(12))
    result = outbox.send_pending(now=timezone.make_aware(deadline))
    assert (result.sent, result.dropped) == ((2, 0) if sent else (0, 2))


def test_a_due_notice_for_a_loan_returned_or_renewed_before_sending_is_dropped(
        network, mailoutbox, sms_dir):
    patron = patron_in(network, "da")
    returned, renewed = lend(patron, network), lend(patron, network, "Himmerlandshistorier")
    for loan in (returned, renewed):
        notices.queue(patron, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan)
    services.check_in(returned.item.barcode, "glostrup", now=FRIDAY)
    # Three days before the due date: within the renewal window.
    in_window = timezone.make_aware(datetime.combine(renewed.due - timedelta(days=3), time(12)))
    services.renew(renewed.pk, now=in_window)
    result = outbox.send_pending(now=in_window)
    assert (result.sent, result.dropped) == (0, 4)  # two loans, by email and by SMS
    assert texts(sms_dir) == [] and mailoutbox == []
