"""Exhibitions and the open call: citizens submit works with images, staff accept or decline,
and only accepted works (and their images) are ever shown."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from reol.core.access import require
from reol.libraries.models import Branch
from reol.refusals import refuse

from . import rules
from .models import Exhibition, Submission, SubmissionImage
from .uploads import check_image
from .volunteers import check_email


@dataclass
class ExhibitionData:
    title: str
    branch: Branch
    starts: date
    ends: date
    description: str = ""
    open_call: bool = False
    call_deadline: datetime | None = None
    partner_id: int | None = None


@transaction.atomic
def create_exhibition(data: ExhibitionData, *, by=None) -> Exhibition:
    if by is not None:
        require(by, data.branch.library_id, "change_exhibition")
    if not data.title.strip():
        raise refuse("no_title.exhibition")
    if data.ends < data.starts:
        raise refuse("bad_period.exhibition")
    if data.open_call and data.call_deadline is None:
        raise refuse("no_deadline")
    base = slugify(data.title)[:70] or "udstilling"
    slug, n = base, 1
    while Exhibition.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Exhibition.objects.create(
        title=data.title.strip(), slug=slug, branch=data.branch, starts=data.starts,
        ends=data.ends, description=data.description, open_call=data.open_call,
        call_deadline=data.call_deadline, partner_id=data.partner_id)


def on_show(today: date) -> tuple[QuerySet, QuerySet]:
    """Current and upcoming exhibitions."""
    shown = Exhibition.objects.select_related("branch", "partner")
    return (shown.filter(starts__lte=today, ends__gte=today),
            shown.filter(starts__gt=today))


def accepted_works(exhibition: Exhibition) -> QuerySet:
    return (exhibition.submissions.filter(status=Submission.Status.ACCEPTED)
            .prefetch_related("images"))


@dataclass
class SubmissionData:
    name: str
    email: str
    title: str
    description: str = ""
    phone: str = ""
    images: list[UploadedFile] = field(default_factory=list)


def submit(exhibition: Exhibition, data: SubmissionData, now: datetime) -> Submission:
    """A citizen's work for the open call. Everything is checked before anything is stored."""
    refusal = rules.submission_refusal(exhibition.open_call, exhibition.call_deadline, now)
    if refusal:
        raise refusal
    if not data.name.strip() or not data.title.strip():
        raise refuse("missing")
    if not data.email.strip():
        raise refuse("no_email")
    check_email(data.email.strip())
    if not data.images:
        raise refuse("no_image")
    if len(data.images) > rules.MAX_IMAGES:
        raise refuse("too_many_images", max_images=rules.MAX_IMAGES)
    checked = [(upload, check_image(upload)) for upload in data.images]
    with transaction.atomic():
        submission = Submission.objects.create(
            exhibition=exhibition, name=data.name.strip(), email=data.email.strip(),
            phone=data.phone.strip(), title=data.title.strip(),
            description=data.description.strip(), submitted=now)
        for upload, info in checked:
            image = SubmissionImage(submission=submission, content_type=info.content_type,
                                    width=info.width, height=info.height, size=info.size)
            image.file.save(upload.name or "image", upload, save=False)
            image.save()
    return submission


@transaction.atomic
def decide(submission_id: int, accept: bool, by, now: datetime) -> Submission:
    submission = (Submission.objects.select_for_update().select_related("exhibition__branch")
                  .get(pk=submission_id))
    require(by, submission.exhibition.branch.library_id, "change_submission")
    submission.status = (Submission.Status.ACCEPTED if accept
                         else Submission.Status.DECLINED)
    submission.decided_by, submission.decided_at = by, now
    submission.save(update_fields=["status", "decided_by", "decided_at"])
    return submission
