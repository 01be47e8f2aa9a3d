"""Every hit and record page has a cover: the one staff supplied, else one drawn from the
record. Uploads are checked as an attacker would try them; nothing comes from other hosts."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from reol.catalogue import covers
from reol.core.models import StaffChange
from reol.core.roles import grant
from tests.factories import make_item, make_record
from tests.searching import index_caught_up

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png(width: int = 60, height: int = 90) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def record(network):
    found = make_record("Den grænseløse : krimithriller", creators=["Jussi Adler-Olsen"],
                        genres=["Krimi"])
    make_item(found, network.glostrup_main)
    index_caught_up()
    return found


def staff(library, name: str = "lone", role: str = "cataloguing") -> Client:
    user = User.objects.create_user(name, password="x" * 12)
    grant(user, library, role)
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, pid: str, content: bytes, name: str = "cover.png"):
    return client.post(f"/staff/records/{pid}/cover/",
                       {"action": "upload", "image": SimpleUploadedFile(name, content)})


def test_a_record_without_an_image_has_a_drawn_cover_with_alt_text(record):
    for url in (f"/records/{record.pid}/", "/?q=grænseløse"):
        page = Client().get(url, headers={"accept-language": "da"}).content.decode()
        assert re.search(r'<svg class="cover[^>]*role="img" aria-label="Omslag: Den grænseløse '
                         r'af Jussi Adler-Olsen"', page), url
        assert "Den grænseløse" in page and "#7a1f1f" in page  # crime's colour


def test_staff_upload_a_cover_that_every_page_then_shows(record, network):
    client = staff(network.glostrup)
    assert upload(client, record.pid, png()).status_code == 302
    record.refresh_from_db()
    served = Client().get(covers.cover_url(record))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"
    assert served.content == png()
    for url in (f"/records/{record.pid}/", "/?q=grænseløse"):
        page = Client().get(url).content.decode()
        assert f'src="{covers.cover_url(record)}"' in page, url
    api = Client().get(f"/api/v1/records/{record.pid}").json()
    assert api["cover"] == covers.cover_url(record)

    client.post(f"/staff/records/{record.pid}/cover/", {"action": "remove"})
    record.refresh_from_db()
    assert covers.cover_url(record) is None
    assert Client().get(f"/records/{record.pid}/cover/").status_code == 404


@pytest.mark.parametrize("content, name", [
    (SVG, "cover.svg"), (SVG, "cover.png"), (b"GIF89a" + b"\0" * 100, "cover.gif"),
    (b"<html><script>alert(1)</script></html>", "cover.jpg"),
])
def test_anything_but_a_real_jpeg_png_or_webp_is_refused(record, network, content, name):
    answer = upload(staff(network.glostrup), record.pid, content, name)
    assert answer.status_code == 400
    assert "JPEG, PNG" in answer.content.decode()
    record.refresh_from_db()
    assert record.cover_set is None


def test_a_cover_too_large_in_bytes_or_pixels_is_refused(record, network):
    client = staff(network.glostrup)
    assert upload(client, record.pid, b"\0" * (covers.MAX_BYTES + 1)).status_code == 400
    bomb = png(6000, 6000)  # small in bytes, 36 million pixels
    assert upload(client, record.pid, bomb).status_code == 400
    record.refresh_from_db()
    assert record.cover_set is None


def test_only_staff_of_a_library_that_owns_a_copy_may_change_the_cover(record, network):
    assert upload(staff(network.randers, "rasmus"), record.pid, png()).status_code == 403
    # The front desk lends and takes back; what every citizen sees is the collection's work.
    assert upload(staff(network.glostrup, "dorte", "desk"), record.pid, png()).status_code == 403
    anonymous = upload(Client(), record.pid, png())
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    record.refresh_from_db()
    assert record.cover_set is None


def test_a_cover_change_lands_on_the_staff_record(record, network):
    upload(staff(network.glostrup), record.pid, png())
    row = StaffChange.objects.get(model="catalogue.recordcover")
    assert (row.actor, row.object_id) == ("lone", str(record.pk))
    assert row.library_id == network.glostrup.pk  # where Glostrup's leaders read it
