"""The job scheduler: every app's jobs in their stages, one run at a time per database, a
failing job that does not stop the others, and the runner inside `reol serve`. The jobs run
are the real ones the apps register."""

import logging
import threading
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from reol.circulation import jobs as lending_jobs
from reol.circulation import notices, services
from reol.circulation.models import Loan
from reol.core import jobs as core_jobs
from reol.web.management.commands.serve import JobRunner
from tests.factories import make_item, make_patron, make_record


@pytest.fixture
def sms_dir(settings, tmp_path) -> Path:
    settings.REOL_SMS_URL = f"file://{tmp_path}/sms"
    return tmp_path / "sms"


@pytest.fixture
def patron(network):
    return make_patron(network.glostrup, phone="20304050", notify_sms=True)


def lend(patron, network, when: datetime) -> Loan:
    item = make_item(make_record("Kongens Fald"), network.glostrup_main)
    return services.check_out(patron, item.barcode, "glostrup", now=when)


def test_interlibrary_routing_runs_before_lending_and_the_other_apps_after(network):
    ran = list(core_jobs.run_all().done)
    lending = [ran.index(name) for name in lending_jobs.JOBS]
    assert lending == sorted(lending) and lending == list(range(lending[0], lending[-1] + 1))
    assert ran.index("interlibrary") < lending[0]
    for later in ("forget", "forget_staff_record", "events", "coloans", "forget_visits"):
        assert ran.index(later) > lending[-1], later


def test_the_runner_in_serve_runs_the_jobs_and_stops(transactional_db, network, patron,
                                                     mailoutbox, sms_dir):
    # Lent now: these runs use the real clock, and a loan lent long ago would be renewed.
    loan = lend(patron, network, timezone.now())
    notices.queue(patron, "overdue", f"overdue:{loan.pk}:{loan.due}", loan=loan)
    runner = JobRunner(interval=3600)
    summary = runner.tick()
    assert summary.done["send"] == {"sent": 2, "failed": 0, "dropped": 0} and len(mailoutbox) == 1
    runner.start()
    assert runner.running
    runner.stop()
    assert not runner.running


def test_a_failing_job_is_logged_and_the_others_still_run(transactional_db, network, patron,
                                                          mailoutbox, sms_dir, monkeypatch,
                                                          caplog):
    def broken(now):
        raise RuntimeError("the allocation broke")

    monkeypatch.setitem(core_jobs._JOBS, "allocate", (core_jobs.Stage.LENDING, broken))
    # Lent now: these runs use the real clock, and a loan lent long ago would be renewed.
    loan = lend(patron, network, timezone.now())
    notices.queue(patron, "overdue", f"overdue:{loan.pk}:{loan.due}", loan=loan)
    with caplog.at_level(logging.ERROR):
        summary = JobRunner(interval=3600).tick()
    assert summary.errors == {"allocate": "RuntimeError: the allocation broke"}
    assert summary.done["send"]["sent"] == 2 and len(mailoutbox) == 1
    assert "the allocation broke" in caplog.text
    with pytest.raises(CommandError, match="1 job\\(s\\) failed: allocate"):
        call_command("run_jobs", stdout=StringIO())


def test_a_run_while_another_is_under_way_does_nothing(transactional_db, network, patron,
                                                       mailoutbox, sms_dir):
    # Lent now: these runs use the real clock, and a loan lent long ago would be renewed.
    loan = lend(patron, network, timezone.now())
    notices.queue(patron, "overdue", f"overdue:{loan.pk}:{loan.due}", loan=loan)
    holding, done = threading.Event(), threading.Event()

    def other_run() -> None:  # holds the lock as a long run in another process would
        try:
            with core_jobs._exclusive() as mine:
                assert mine
                holding.set()
                done.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_run)
    thread.start()
    try:
        assert holding.wait(30)
        out = StringIO()
        call_command("run_jobs", stdout=out)
        assert "Another run of the jobs is under way; this one did nothing." in out.getvalue()
        assert len(mailoutbox) == 0
    finally:
        done.set()
        thread.join()
    assert core_jobs.run_all().done["send"]["sent"] == 2
