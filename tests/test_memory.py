"""Per-process memories (reol.memo) are never stale after a commit: a loan rule changed in
another thread or another process is used by the very next loan."""

import subprocess
import sys
import threading
from contextlib import suppress
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reol import memo
from reol.circulation import facts, services
from reol.circulation.models import Loan, LoanRule
from reol.core import jobs
from tests.factories import make_item, make_network, make_patron, make_record

pytestmark = pytest.mark.django_db(transaction=True)
NOW = timezone.make_aware(datetime(2026, 11, 2, 10, 0))  # a Monday


@pytest.fixture
def lending():
    network = make_network()
    rule = LoanRule.objects.create(library=network.glostrup, loan_days=30)
    patron = make_patron(network.glostrup)
    record = make_record("Kongens Fald")
    copies = [make_item(record, network.glostrup_main) for _ in range(3)]
    return network, rule, patron, copies


def days_lent(patron, copy) -> int:
    return (services.check_out(patron, copy.barcode, "glostrup", now=NOW).due - NOW.date()).days


def loan_days_remembered(library_id: int) -> set[int]:
    return {cell.values["loan_days"] for cell in facts.cells(library_id)} - {None}


def database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_a_rule_changed_in_another_process_is_used_by_the_next_loan(lending, tmp_path):
    _, rule, patron, copies = lending
    assert days_lent(patron, copies[0]) == 30  # the rule is now remembered in this process
    script = ("import django; django.setup()\n"
              "from reol.circulation.models import LoanRule\n"
              f"rule = LoanRule.objects.get(pk={rule.pk}); rule.loan_days = 14; rule.save()\n")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=settings.BASE_DIR,
                   env={"DJANGO_SETTINGS_MODULE": "reol.settings", "PATH": "/usr/bin:/bin",
                        "REOL_DATABASE_URL": database_url(), "REOL_VAR_DIR": str(tmp_path),
                        "REOL_SECRET_KEY": "another-process"}, timeout=120)
    assert days_lent(patron, copies[1]) == 14


def test_a_thread_sees_a_change_from_its_commit_on_and_not_before(lending):
    network, rule, patron, copies = lending
    changed, read, done = threading.Event(), threading.Event(), threading.Event()

    def leader() -> None:
        try:
            with transaction.atomic():
                rule.loan_days = 14
                rule.save()
                changed.set()
                read.wait(30)  # another thread reads the rules while this is uncommitted
        finally:
            connection.close()
            done.set()

    writer = threading.Thread(target=leader)
    writer.start()
    assert changed.wait(30)
    assert loan_days_remembered(network.glostrup.pk) == {30}  # the committed rule, remembered
    read.set()
    assert done.wait(30)
    writer.join()
    assert days_lent(patron, copies[0]) == 14  # the very next loan after the commit


def test_a_request_reads_the_generation_once_and_its_own_changes_at_once(lending):
    network, rule, _, _ = lending
    library = network.glostrup.pk
    seen = []

    def view(request):
        with CaptureQueriesContext(connection) as statements:
            seen.append(loan_days_remembered(library))
            seen.append(loan_days_remembered(library))
        seen.append(sum("core_memorygeneration" in q["sql"] for q in statements))
        with suppress(RuntimeError), transaction.atomic():
            LoanRule.objects.filter(pk=rule.pk).update(loan_days=7)
            memo.changed()
            raise RuntimeError  # rolled back: the rule stays as it was
        seen.append(loan_days_remembered(library))
        rule.loan_days = 14
        rule.save()  # committed within this request: used from here on
        seen.append(loan_days_remembered(library))
        return HttpResponse()

    memo.RequestMiddleware(view)(HttpRequest())
    assert seen == [{30}, {30}, 1, {30}, {14}]


def test_a_change_rolled_back_after_a_read_leaves_nothing_stale(lending):
    """A request reads its own uncommitted change, the change is rolled back, and the request
    reads on: what it then remembers must not pass for the next commit's facts."""
    network, rule, _, _ = lending
    library = network.glostrup.pk
    seen = []

    def view(request):
        with suppress(RuntimeError), transaction.atomic():
            LoanRule.objects.filter(pk=rule.pk).update(loan_days=7)
            memo.changed()
            seen.append(loan_days_remembered(library))  # its own change, not remembered
            raise RuntimeError
        seen.append(loan_days_remembered(library))
        return HttpResponse()

    memo.RequestMiddleware(view)(HttpRequest())
    with transaction.atomic():  # the next commit raises the generation the rollback undid
        LoanRule.objects.filter(pk=rule.pk).update(loan_days=21)
        memo.changed()
    seen.append(loan_days_remembered(library))
    assert seen == [{7}, {30}, {21}]


def test_each_job_of_a_run_reads_the_generation_once(lending):
    """A job renews many loans: the loan rules and the calendar are read from memory for each,
    but the generation once for the job (reol.memo's scope), not once per loan."""
    network, _, patron, _ = lending
    record = make_record("Syv fantastiske fortællinger")
    started = NOW - timedelta(days=30)
    loans = [services.check_out(patron, make_item(record, network.glostrup_main).barcode,
                                "glostrup", now=started) for _ in range(12)]
    due = loans[0].due
    run_at = timezone.make_aware(datetime.combine(due, datetime.min.time()).replace(hour=6))

    with CaptureQueriesContext(connection) as statements:
        summary = jobs.run_all(now=run_at)

    assert not summary.errors and not summary.skipped
    assert {loan.due for loan in Loan.objects.filter(pk__in=[x.pk for x in loans])} != {due}
    assert summary.done["auto_renew"]["renewed"] == len(loans)
    reads = sum("core_memorygeneration" in q["sql"] for q in statements)
    assert reads <= len(summary.done), f"{reads} reads of the generation in one run"
