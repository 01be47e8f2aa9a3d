"""The lending jobs: what one run does, that a second run does nothing, that two runs at once
do everything once, and the `reol run_jobs` table. The scheduler itself (stages, one run at a
time, a failing job, the runner inside `reol serve`) is tested in tests/core/test_jobs.py."""

import threading
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from reol.circulation import jobs, notices, services
from reol.circulation.models import Loan, LoanRule, Reservation
from reol.circulation.reservations import cancel_reservation, place_reservation
from reol.core import jobs as core_jobs
from reol.core.models import Notice
from tests.factories import make_item, make_patron, make_record


def at(day: str, hour: int = 6) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), datetime.min.time())
                               .replace(hour=hour))


NOW = at("2026-11-02", 12)  # a Monday


@pytest.fixture
def sms_dir(settings, tmp_path) -> Path:
    settings.REOL_SMS_URL = f"file://{tmp_path}/sms"
    return tmp_path / "sms"


@pytest.fixture
def patron(network):
    return make_patron(network.glostrup, phone="20304050", notify_sms=True)


def lend(patron, network, title: str = "Kongens Fald", when: datetime = NOW, **record) -> Loan:
    item = make_item(make_record(title, **record), network.glostrup_main)
    return services.check_out(patron, item.barcode, "glostrup", now=when)


def kinds(patron) -> list[str]:
    return list(Notice.objects.filter(patron_id=patron.pk, channel="email").order_by("id")
                .values_list("kind", flat=True))


def busy_day(patron, network) -> dict:
    """Work for every job on Wednesday 2 December 2026."""
    other = make_patron(network.glostrup)
    renewable = lend(patron, network, "Kongens Fald")  # due 2 December
    stuck = lend(patron, network, "Festen", at("2026-11-24", 12), material_type="film")
    place_reservation(other, stuck.item.record, "glostrup", now=NOW)  # due 1 December
    soon = lend(patron, network, "Doppler", at("2026-11-05", 12))  # due 5 December
    gone = make_record("Hærværk")
    make_item(gone, network.glostrup_main, status="on_loan")
    lapsing = place_reservation(patron, gone, "glostrup", now=NOW,
                                interest_until=date(2026, 12, 1))
    wanted = make_record("Erindringer")
    make_item(wanted, network.randers_main, status="on_loan")
    waiting = place_reservation(other, wanted, "glostrup", now=NOW)
    make_item(wanted, network.glostrup_main)  # a copy turns up on the shelf
    return {"renewable": renewable, "stuck": stuck, "soon": soon, "lapsing": lapsing,
            "waiting": waiting}


def test_one_run_does_each_job_and_a_second_run_does_nothing(network, patron, mailoutbox,
                                                              sms_dir):
    made = busy_day(patron, network)
    first = core_jobs.run_all(at("2026-12-02"))
    assert first.errors == {} and not first.skipped
    # Lending's own jobs; other apps' registered jobs run after them.
    assert {name: first.done[name] for name in jobs.JOBS} == {
        "expire": {"interest_period": 1, "not_collected": 0},
        "allocate": {"allocated": 1},
        "auto_renew": {"renewed": 1, "refused": 1},
        "due_soon": {"queued": 2},  # by email and by SMS
        "overdue": {"queued": 2},
        "send": {"sent": 10, "failed": 0, "dropped": 0},
    }
    assert sorted(kinds(patron)) == ["due_soon", "not_renewed", "overdue", "renewed",
                                     "reservation_expired"]
    assert Reservation.objects.get(pk=made["waiting"].pk).status == "allocated"
    assert Loan.objects.get(pk=made["renewable"].pk).due == date(2027, 1, 1)
    assert len(mailoutbox) == 5 and len(list(sms_dir.glob("*.txt"))) == 5

    second = core_jobs.run_all(at("2026-12-02", 18))
    # Only forgetting has more to do: 18 hours on, more acts are past the retention period.
    assert second.errors == {} and not any(
        count for name, counts in second.done.items() if not name.startswith("forget")
        for count in counts.values())
    assert Notice.objects.count() == 10
    assert len(mailoutbox) == 5 and len(list(sms_dir.glob("*.txt"))) == 5


def test_reminder_and_overdue_notice_come_once_per_due_date(network, patron, sms_dir):
    loan = lend(patron, network)  # due Wednesday 2 December
    reservation = place_reservation(make_patron(network.glostrup), loan.item.record,
                                    "glostrup", now=NOW)
    core_jobs.run_all(at("2026-11-28"))
    assert kinds(patron) == []  # five days ahead: too early
    core_jobs.run_all(at("2026-11-29"))
    core_jobs.run_all(at("2026-11-30"))
    assert kinds(patron) == ["due_soon"]
    core_jobs.run_all(at("2026-12-02"))  # due: not renewed, someone is waiting
    assert kinds(patron) == ["due_soon", "not_renewed"]
    for day in ("2026-12-03", "2026-12-04"):
        core_jobs.run_all(at(day))
    assert kinds(patron) == ["due_soon", "not_renewed", "overdue"]
    cancel_reservation(reservation)
    services.renew(loan, patron=patron, now=at("2026-12-04", 12))  # due 3 January
    core_jobs.run_all(at("2026-12-31"))
    assert kinds(patron) == ["due_soon", "not_renewed", "overdue", "due_soon"]
    keys = Notice.objects.filter(channel="sms").values_list("key", flat=True)
    assert sorted(keys) == sorted(f"{kind}:{loan.pk}:{due}" for kind, due in [
        ("due_soon", "2026-12-02"), ("not_renewed", "2026-12-02"), ("overdue", "2026-12-02"),
        ("due_soon", "2027-01-03")])


def test_a_loan_renewed_on_its_due_date_is_never_overdue(network, patron, sms_dir):
    lend(patron, network)  # due 2 December
    core_jobs.run_all(at("2026-12-02"))
    core_jobs.run_all(at("2026-12-03"))
    assert kinds(patron) == ["renewed"]


def test_a_loan_shorter_than_the_warning_gets_no_reminder(network, patron, sms_dir):
    LoanRule.objects.create(library=network.glostrup, material_type="game", loan_days=2)
    loan = lend(patron, network, "Skak", material_type="game")
    assert loan.due == date(2026, 11, 4)
    core_jobs.run_all(at("2026-11-03"))
    assert kinds(patron) == []


def test_a_returned_loan_and_an_unreachable_patron_get_nothing(network, patron, sms_dir):
    silent = make_patron(network.glostrup, email="")
    lend(silent, network)
    returned = lend(patron, network)
    services.check_in(returned.item.barcode, "glostrup", now=at("2026-11-20", 12))
    summary = core_jobs.run_all(at("2026-12-03"))
    assert summary.done["overdue"] == {"queued": 0} and Notice.objects.count() == 0


def rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("│")[1:-1]]
            for line in table.splitlines() if line.startswith("│")]


def test_run_jobs_prints_what_each_job_did(network, patron, mailoutbox, sms_dir):
    busy_day(patron, network)
    out = StringIO()
    call_command("run_jobs", "--now", "2026-12-02T06:00", stdout=out, no_color=True)
    table = out.getvalue()
    assert "reol jobs at 2026-12-02 06:00" in table
    # Lending's own jobs, in order; other apps' registered jobs run around them.
    assert [row for row in rows(table) if row[0] in jobs.JOBS] == [
        ["expire", "reservations past their interest date closed", "1"],
        ["expire", "hold-shelf reservations not collected closed", "0"],
        ["allocate", "copies allocated to reservations", "1"],
        ["auto_renew", "loans renewed", "1"],
        ["auto_renew", "loans that could not be renewed", "1"],
        ["due_soon", "due-soon notices queued", "2"],
        ["overdue", "overdue notices queued", "2"],
        ["send", "notices sent", "10"],
        ["send", "notices that failed", "0"],
        ["send", "notices no longer true, dropped unsent", "0"],
    ]
    again = StringIO()
    call_command("run_jobs", "--now", "2026-12-02", stdout=again, no_color=True)
    assert {count for _, _, count in rows(again.getvalue())} == {"0"}
    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("run_jobs", "--now", "tomorrow")


def test_failed_notices_are_sent_again_only_when_asked(network, patron, mailoutbox, sms_dir):
    # Lent now: these runs use the real clock, and a loan lent long ago would be renewed.
    loan = lend(patron, network, when=timezone.now())
    notices.queue(patron, "overdue", f"overdue:{loan.pk}:{loan.due}", loan=loan)
    Notice.objects.update(status="failed", error="SMTPServerDisconnected: gone")
    call_command("run_jobs", stdout=StringIO())
    assert len(mailoutbox) == 0
    out = StringIO()
    call_command("run_jobs", "--retry-failed", stdout=out, no_color=True)
    assert "2 failed notices queued again" in out.getvalue() and len(mailoutbox) == 1


def test_two_runs_at_once_renew_once_and_send_once(transactional_db, network, patron,
                                                   mailoutbox, sms_dir):
    loan = lend(patron, network)
    start = threading.Barrier(2)
    summaries, errors = [], []

    def run() -> None:
        try:
            start.wait()
            summaries.append(core_jobs.run_all(at("2026-12-02")))
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(summaries) == 2
    loan.refresh_from_db()
    assert loan.renewals == 1 and loan.due == date(2027, 1, 1)
    assert Notice.objects.filter(kind="renewed").count() == 2
    assert len(mailoutbox) == 1 and len(list(sms_dir.glob("*.txt"))) == 1
