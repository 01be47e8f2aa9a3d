from django.urls import path

from reol.catalogue.views import record_page
from reol.libraries.views import libraries_page
from reol.search.views import search_page

urlpatterns = [
    path("", search_page, name="search"),
    path("records/<str:pid>/", record_page, name="record"),
    path("libraries/", libraries_page, name="libraries"),
]
