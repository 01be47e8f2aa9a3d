from django.urls import path

from . import views

urlpatterns = [
    path("fbi/graphql", views.graphql, name="fbi-graphql"),
]
