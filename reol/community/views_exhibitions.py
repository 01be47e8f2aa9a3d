"""Public exhibition pages: what is on, an exhibition's accepted works, the open-call form.
Images are served only through image(), and only for accepted works."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reol.errors import DomainError

from . import exhibitions, rules
from .forms import SubmissionForm
from .models import Exhibition, Submission, SubmissionImage


def exhibitions_page(request: HttpRequest) -> HttpResponse:
    current, upcoming = exhibitions.on_show(timezone.localdate())
    return render(request, "community/exhibitions.html",
                  {"current": current, "upcoming": upcoming})


def _call(exhibition: Exhibition) -> DomainError | None:
    return rules.submission_refusal(exhibition.open_call, exhibition.call_deadline,
                                    timezone.now())


def exhibition_page(request: HttpRequest, slug: str) -> HttpResponse:
    exhibition = get_object_or_404(Exhibition.objects.select_related("branch"), slug=slug)
    return render(request, "community/exhibition.html", {
        "exhibition": exhibition, "works": exhibitions.accepted_works(exhibition),
        "call_open": exhibition.open_call and _call(exhibition) is None,
    })


def image(request: HttpRequest, slug: str, image_id: int) -> HttpResponse:
    """Never an unreviewed upload: a work waiting or declined is simply not found."""
    found = (SubmissionImage.objects
             .filter(pk=image_id, submission__exhibition__slug=slug,
                     submission__status=Submission.Status.ACCEPTED).first())
    if found is None:
        raise Http404
    return serve_image(found)


def serve_image(found: SubmissionImage) -> HttpResponse:
    """Images are at most a few MB: read whole, so no file handle outlives the request."""
    with found.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def submit_page(request: HttpRequest, slug: str) -> HttpResponse:
    exhibition = get_object_or_404(Exhibition, slug=slug)
    refusal = _call(exhibition)
    status = 200
    if refusal is not None:
        form = None
    elif request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            data = exhibitions.SubmissionData(images=request.FILES.getlist("images"),
                                              **form.cleaned_data)
            try:
                exhibitions.submit(exhibition, data, timezone.now())
            except DomainError as error:
                form.add_error(None, error.message())
            else:
                messages.success(request, _(
                    "Thank you! Your work has been sent. The library will write to you when "
                    "it has been reviewed."))
                return redirect("exhibition", slug=exhibition.slug)
        status = 400
    else:
        form = SubmissionForm()
    return render(request, "community/submit.html", {
        "exhibition": exhibition, "form": form, "refusal": refusal,
        "max_mb": rules.MAX_IMAGE_BYTES // (1024 * 1024), "max_images": rules.MAX_IMAGES,
    }, status=status)
