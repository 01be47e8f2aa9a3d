"""Covers that staff supply: checked by their content, stored with the record.

An upload is an attacker's best door into a page that every citizen sees. So the file's
content decides (Pillow must read it as JPEG, PNG or WebP; its name and declared type count
for nothing), SVG is refused (an SVG is a document that can carry script), size and pixels
are bounded before anything is decoded, and the image is served by reol with its checked
type, `nosniff` and a policy that lets it run nothing (catalogue/views.py). Every record
without one gets a generated cover (templates/catalogue/_cover.html), so no cover is ever
fetched from another host.
"""

from dataclasses import dataclass
from io import BytesIO

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from reol.core import staff_record
from reol.core.actor import current
from reol.errors import DomainError
from reol.refusals import refuse

from .models import Record, RecordCover

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a decompression bomb is refused before it is decoded
DECODERS = ["JPEG", "PNG", "WEBP"]
# What they read, as served. MPO is the multi-picture JPEG that phone cameras write: Pillow's
# JPEG decoder reads it as such, and browsers show it as the JPEG it is.
FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png",
           "WEBP": "image/webp"}


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    content_type: str
    width: int
    height: int


def check_cover(upload) -> CheckedImage:
    """The upload as a cover image, or a refusal: too big, too many pixels, not an image."""
    if upload.size > MAX_BYTES:
        raise refuse("image_too_large", mb=MAX_BYTES // (1024 * 1024))
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # a size that lied
        raise refuse("image_too_large", mb=MAX_BYTES // (1024 * 1024))
    try:
        # Only these decoders ever see the bytes: no EPS, PSD or the like to exploit.
        with Image.open(BytesIO(data), formats=DECODERS) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise refuse("image_too_large.pixels")
            image.verify()
    except DomainError:
        raise
    except Exception:  # Pillow raises many kinds for files that are not what they claim
        kind = None
    if kind not in FORMATS:
        raise refuse("not_an_image")
    return CheckedImage(data, FORMATS[kind], width, height)


def cover_url(record: Record) -> str | None:
    """Where the staff-supplied cover is served, with its version so a new one shows."""
    if not record.cover_set:
        return None
    version = int(record.cover_set.timestamp() * 1_000_000)  # two covers in one second differ
    return f"{reverse('record-cover', args=[record.pid])}?v={version}"


@transaction.atomic
def set_cover(record: Record, upload, library_id: int | None) -> RecordCover:
    """Give the record the uploaded cover, in place of any it had; `library_id` is the library
    on whose staff record the change is written (None: a superuser's, network-wide)."""
    image = check_cover(upload)
    cover, _ = RecordCover.objects.update_or_create(record=record, defaults={
        "image": image.data, "content_type": image.content_type,
        "width": image.width, "height": image.height})
    Record.objects.filter(pk=record.pk).update(cover_set=timezone.now())
    _on_record(staff_record.UPDATE, record, library_id, {
        "cover": [None, f"{image.content_type} {image.width}×{image.height}"]})
    return cover


@transaction.atomic
def remove_cover(record: Record, library_id: int | None) -> None:
    """Back to the generated cover."""
    if RecordCover.objects.filter(record=record).delete()[0]:
        _on_record(staff_record.DELETE, record, library_id, {})
    Record.objects.filter(pk=record.pk).update(cover_set=None)


def _on_record(action: str, record: Record, library_id: int | None, changes: dict) -> None:
    """Who changed what every citizen sees: on the staff record of the library they acted
    for, where its leaders read it."""
    if (who := current()) is not None:
        staff_record.write(who, action=action, model="catalogue.recordcover",
                           object_id=record.pk, library_id=library_id, patron_id=None,
                           changes=changes)
