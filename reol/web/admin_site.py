"""The back office (Django's admin) is for superusers only.

Its lists and forms know nothing of libraries and write past the services and their log, so
a staff member's library lines would not hold there. Desk staff and leaders work through the
staff pages and the API, which check the library and the role of every act; loan rules have
their own leader page (/staff/loan-rules/).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    """Django's admin site, but `is_staff` alone opens nothing: only an active superuser."""

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_superuser


class ReolAdminConfig(AdminConfig):
    """Installed instead of django.contrib.admin: `admin.site` (and with it every
    `@admin.register`) is then the superuser-only site."""

    default_site = "reol.web.admin_site.SuperuserAdminSite"
