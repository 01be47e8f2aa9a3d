"""The front page, and the staff page where a library's staff edit its blocks."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reol.circulation.views_staff.access import staff_view
from reol.errors import DomainError
from reol.libraries.models import Library
from reol.refusals import refuse
from reol.search.views import search_page

from . import front
from .models import FrontBlock


def front_page(request: HttpRequest) -> HttpResponse:
    """The site's address: what is on, open today, new titles, exhibitions; a search (any
    query string) goes to the search page as it always did."""
    if request.GET:
        return search_page(request)
    return render(request, "web/front.html", {"blocks": front.blocks()})


class BlockForm(forms.ModelForm):
    class Meta:
        model = FrontBlock
        fields = front.FIELDS
        labels = {"kind": gettext_lazy("Kind"), "title": gettext_lazy("Heading"),
                  "text": gettext_lazy("Text"), "link": gettext_lazy("Link"),
                  "position": gettext_lazy("Order"), "shown": gettext_lazy("Shown")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


def _libraries(user) -> list[Library]:
    return [lib for lib in Library.objects.order_by("name") if front.may_edit(user, lib.pk)]


@staff_view
def staff_blocks(request: HttpRequest) -> HttpResponse:
    libraries = _libraries(request.user)
    if not libraries:
        raise refuse("not_allowed")  # editors and leaders only
    form = BlockForm(request.POST or None, prefix="new")
    status = 200
    if request.method == "POST":
        library = get_object_or_404(Library, agency=request.POST.get("library", ""))
        if form.is_valid():
            try:
                front.add_block(library, form.cleaned_data, by=request.user)
            except DomainError as refusal:
                if refusal.code == "not_allowed":
                    raise
                form.add_error(None, refusal.message())
            else:
                messages.success(request, _("The block is added to the front page."))
                return redirect("staff-front")
        status = 400
    rows = FrontBlock.objects.filter(library__in=libraries).select_related("library")
    return render(request, "web/staff_front.html", {
        "form": form, "libraries": libraries,
        "rows": [(b, BlockForm(instance=b, prefix=f"b{b.pk}")) for b in rows],
    }, status=status)


@require_POST
@staff_view
def staff_block(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(FrontBlock, pk=pk)
    if not front.may_edit(request.user, block.library_id):
        raise refuse("not_allowed")  # before the form is read: nothing said about the block
    try:
        if "remove" in request.POST:
            front.remove_block(block, by=request.user)
            messages.success(request, _("The block is removed."))
        else:
            form = BlockForm(request.POST, instance=FrontBlock.objects.get(pk=pk),
                             prefix=f"b{pk}")
            if not form.is_valid():
                messages.error(request, _("The block was not changed: check its fields."))
                return redirect("staff-front")
            front.change_block(block, form.cleaned_data, by=request.user)
            messages.success(request, _("The block is changed."))
    except DomainError as refusal:
        if refusal.code == "not_allowed":
            raise
        messages.error(request, refusal.message())
    return redirect("staff-front")
