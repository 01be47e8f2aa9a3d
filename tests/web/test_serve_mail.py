"""Mail from `reol serve` as `make run` starts it: links name the port it serves on, and the
mail goes to files under var/mail/, never to the terminal."""

import json
import os
import signal
import subprocess
import urllib.request
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from tests.events.helpers import make_series
from tests.waiting import until
from tests.web.test_serve import REOL, database_url, free_port, wait_for


def mailed(folder: Path, wanted: str) -> str:
    """The mail files' text once one holds `wanted` (the server's jobs send every second)."""
    def text() -> str:
        found = "".join(f.read_text() for f in folder.glob("*")) if folder.is_dir() else ""
        return found if wanted in found else ""

    return until(text, f"no mail with {wanted!r} under {folder}")


def test_a_mail_sent_by_a_server_on_another_port_links_to_that_port(
        transactional_db, network, tmp_path):
    now = timezone.now()
    dog = make_series(network, now, first_start=now + timedelta(days=3), capacity=2,
                      registration_required=True).occurrences.get()
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in ("REOL_SITE_URL", "REOL_EMAIL_URL")}  # as `make run` has them
    env.update(REOL_DATABASE_URL=database_url(), REOL_VAR_DIR=str(tmp_path),
               REOL_JOBS_INTERVAL="1", REOL_SIP2="0")
    process = subprocess.Popen([str(REOL), "serve", "--port", str(port)], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/api/v1/libraries", process)
        asked = urllib.request.Request(
            f"{base}/api/v1/events/occurrences/{dog.pk}/registrations", method="POST",
            data=json.dumps({"name": "Ida", "email": "ida@example.dk"}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(asked) as answer:
            assert answer.status in (200, 201, 202)
        mail = mailed(tmp_path / "mail", "ida@example.dk")
        assert f"{base}/events/confirm/" in mail
        assert "127.0.0.1:8000" not in mail
    finally:
        process.send_signal(signal.SIGINT)
        try:  # it stops once a jobs run under way has finished: long on a busy machine
            output = process.communicate(timeout=120)[0]
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert "ida@example.dk" not in output and "/events/confirm/" not in output
