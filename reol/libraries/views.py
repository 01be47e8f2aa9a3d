from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Region


def libraries_page(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.prefetch_related("libraries__branches__stops")
    return render(request, "libraries/libraries.html", {"regions": regions})
