"""The outbox: a notice is queued and sent once, also with two senders at once; a refusal is
kept until retried; an unreachable channel leaves its notices pending. Lending's notices are
the real ones queued here."""

import socket
import threading
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from reol.circulation import notices, services
from reol.core import outbox, sms
from reol.core.models import Notice
from tests.factories import make_item, make_patron, make_record

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))  # a Monday


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


def lend(patron, network, title: str = "Kongens Fald"):
    item = make_item(make_record(title), network.glostrup_main)
    return services.check_out(patron, item.barcode, "glostrup", now=NOW)


def test_a_notice_is_queued_and_sent_once(network, mailoutbox, sms_dir):
    patron = patron_in(network, "da")
    loan = lend(patron, network)
    assert notices.queue(patron, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan) == 2
    assert notices.queue(patron, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan) == 0
    assert outbox.send_pending().sent == 2
    assert outbox.send_pending().sent == 0
    assert len(mailoutbox) == 1 and len(texts(sms_dir)) == 1


def test_two_senders_at_once_send_each_notice_once(transactional_db, network, mailoutbox,
                                                    sms_dir):
    for n in range(12):
        patron = patron_in(network, "da", email=f"p{n}@example.dk", phone=f"2000{n:04d}")
        loan = lend(patron, network)
        notices.queue(patron, "overdue", f"overdue:{loan.pk}:{loan.due}", loan=loan)
    start = threading.Barrier(3)
    results, errors = [], []

    def sender() -> None:
        try:
            start.wait()
            results.append(outbox.send_pending())
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r.sent for r in results) == 24
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"p{n}@example.dk" for n in range(12))
    assert len(texts(sms_dir)) == 12
    assert Notice.objects.exclude(status="sent").count() == 0


class RefusingGateway(sms.Gateway):
    """A gateway that turns every message down, as a real one does with a bad number."""

    def send(self, to: str, text: str) -> None:
        raise sms.SmsError(f"{to}: not a mobile number")


def test_a_refused_notice_fails_with_its_reason_until_retried(network, mailoutbox, settings,
                                                              monkeypatch, sms_dir):
    monkeypatch.setitem(sms.BACKENDS, "refusing", RefusingGateway)
    settings.REOL_SMS_URL = "refusing:"
    patron = patron_in(network, "da")
    loan = lend(patron, network)
    notices.queue(patron, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan)
    result = outbox.send_pending()
    assert (result.sent, result.failed) == (1, 1)
    failed = Notice.objects.get(channel="sms")
    assert failed.status == "failed"
    assert failed.error == "SmsError: 20304050: not a mobile number"
    assert outbox.send_pending().failed == 0  # not retried by itself
    settings.REOL_SMS_URL = f"file://{sms_dir}"
    assert outbox.retry_failed() == 1
    assert outbox.send_pending().sent == 1
    assert len(texts(sms_dir)) == 1 and len(mailoutbox) == 1


def test_an_unreachable_mail_server_leaves_notices_pending(network, mailoutbox, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    patron = make_patron(network.glostrup)
    loan = lend(patron, network)
    notices.queue(patron, "due_soon", f"due_soon:{loan.pk}:{loan.due}", loan=loan)
    assert outbox.send_pending().deferred == 1
    assert Notice.objects.get().status == "pending"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_pending().sent == 1 and len(mailoutbox) == 1


def test_the_console_gateway_prints_and_an_unknown_one_is_named(capsys):
    gateway = sms.gateway("console:")
    with gateway:
        gateway.send("20304050", "Hej")
    assert capsys.readouterr().out.startswith("SMS to 20304050:\nHej\n")
    with pytest.raises(Exception, match="unknown scheme 'carrier-pigeon'"):
        sms.gateway("carrier-pigeon://coop")
