from django.urls import path

from .views import sru

urlpatterns = [path("sru", sru, name="sru")]
