"""Checking an uploaded image by its content: Pillow must read it as JPEG, PNG or WebP."""

from dataclasses import dataclass

from PIL import Image

from reol.errors import DomainError
from reol.refusals import refuse

from . import rules

MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded


@dataclass(frozen=True)
class ImageInfo:
    content_type: str
    width: int
    height: int
    size: int


def check_image(upload) -> ImageInfo:
    """Refuse anything that is not a real image of an allowed type and size."""
    size = upload.size
    refusal = rules.image_refusal("JPEG", size)  # the size first: never parse a huge file
    if refusal:
        raise refusal
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise refuse("image_too_large.pixels")
            image.verify()
    except DomainError:
        raise
    except Exception:  # Pillow raises many kinds for files that are not what they claim
        image_format = None
    finally:
        upload.seek(0)
    refusal = rules.image_refusal(image_format, size)
    if refusal:
        raise refusal
    return ImageInfo(rules.IMAGE_FORMATS[image_format], width, height, size)
