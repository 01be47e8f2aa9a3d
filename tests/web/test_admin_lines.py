"""The back office is for superusers only: every model the admin knows, today's and any
registered later, is refused to desk staff and leaders and open to a superuser."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from reol.core.roles import ROLES, grant


def _user(name: str, library, role: str) -> User:
    user = User.objects.create_user(name, password="hemmelig-42", is_staff=True)
    grant(user, library, role)
    return user


def _pages(model, admin_obj) -> list[tuple[str, str]]:
    """The changelist, the add page and one change page of a model's admin."""
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = [("changelist", reverse(f"{name}_changelist")), ("add", reverse(f"{name}_add"))]
    row = model._default_manager.order_by("pk").first()
    if row is not None:
        pages.append(("change", reverse(f"{name}_change", args=[row.pk])))
    return pages


@pytest.fixture
def registry(network):
    """A row in a few tables, so that change pages are tried where there is something."""
    from tests.factories import make_item, make_patron, make_record

    make_item(make_record(), network.randers_main)
    make_patron(network.randers)
    return list(admin.site._registry.items())


def test_the_admin_site_is_the_superuser_only_site():
    from reol.web.admin_site import SuperuserAdminSite

    assert isinstance(admin.site, SuperuserAdminSite)
    site = admin.site._wrapped  # admin.site is a lazy stand-in for the one real site
    assert all(m.admin_site is site for m in admin.site._registry.values())


@pytest.mark.parametrize("role", list(ROLES))
def test_staff_without_superuser_get_no_admin_page_of_any_model(client, network, registry,
                                                                role):
    client.force_login(_user(role, network.glostrup, role))
    assert client.get("/admin/").status_code in (302, 403)
    seen = 0
    for model, admin_obj in registry:
        for kind, url in _pages(model, admin_obj):
            answer = client.get(url)
            assert answer.status_code in (302, 403), (kind, url, answer.status_code)
            if answer.status_code == 302:
                assert answer["Location"].startswith("/admin/login/"), (url, answer["Location"])
            seen += 1
    assert seen > 2 * len(registry) - 1  # every model: at least its list and its add page


def test_a_superuser_gets_every_admin_page(client, network, registry):
    root = User.objects.create_superuser("root", "root@example.dk", "hemmelig-42")
    client.force_login(root)
    request = RequestFactory().get("/admin/")
    request.user = root
    for model, admin_obj in registry:
        for kind, url in _pages(model, admin_obj):
            allowed = admin_obj.has_add_permission(request) if kind == "add" else True
            answer = client.get(url)
            assert answer.status_code == (200 if allowed else 403), (kind, url)
