"""Staff pages under /staff/: the desk, hold shelf, pull and transit lists, patrons."""

from django.contrib.auth import views as auth
from django.urls import path

from .views_staff import (
    covers,
    desk,
    lists,
    loan_rules,
    patrons,
    record,
    roles,
    suggestions,
    works,
)

urlpatterns = [
    path("", desk.desk, name="staff-desk"),
    path("login/", auth.LoginView.as_view(template_name="circulation/staff/login.html",
                                          next_page="staff-desk", redirect_authenticated_user=True),
         name="staff-login"),
    path("logout/", auth.LogoutView.as_view(next_page="staff-login"), name="staff-logout"),
    path("desk/scan/", desk.scan, name="staff-desk-scan"),
    path("desk/mode/", desk.mode, name="staff-desk-mode"),
    path("desk/end/", desk.end_patron, name="staff-desk-end"),
    path("hold-shelf/", lists.hold_shelf, name="staff-hold-shelf"),
    path("records/<str:pid>/cover/", covers.cover_page, name="staff-record-cover"),
    path("pull-list/", lists.pull_list, name="staff-pull-list"),
    path("pull-list/pull/", lists.pull, name="staff-pull"),
    path("transit/", lists.transit, name="staff-transit"),
    path("patrons/", patrons.search, name="staff-patrons"),
    path("patrons/new/", patrons.register, name="staff-patron-register"),
    path("patrons/<int:patron_id>/", patrons.detail, name="staff-patron"),
    path("patrons/<int:patron_id>/edit/", patrons.edit, name="staff-patron-edit"),
    path("patrons/<int:patron_id>/pin/", patrons.set_pin, name="staff-patron-pin"),
    path("patrons/<int:patron_id>/blocks/", patrons.add_block, name="staff-patron-block"),
    path("patrons/<int:patron_id>/blocks/<int:block_id>/lift/", patrons.lift_block,
         name="staff-patron-unblock"),
    path("loans/<int:loan_id>/renew/", patrons.renew, name="staff-loan-renew"),
    path("loans/<int:loan_id>/lost/", patrons.declare_lost, name="staff-loan-lost"),
    path("reservations/<int:reservation_id>/cancel/", patrons.cancel_reservation,
         name="staff-reservation-cancel"),
    path("record/", record.page, name="staff-record"),
    path("works/<int:work_id>/", works.work, name="staff-work"),
    path("loan-rules/", loan_rules.matrix, name="staff-loan-rules"),
    path("loan-rules/new/", loan_rules.add, name="staff-loan-rule-add"),
    path("loan-rules/<int:rule_id>/", loan_rules.edit, name="staff-loan-rule"),
    path("loan-rules/<int:rule_id>/remove/", loan_rules.remove, name="staff-loan-rule-remove"),
    path("roles/", roles.page, name="staff-roles"),
    path("roles/<int:pk>/remove/", roles.remove, name="staff-role-remove"),
    path("suggestions/", suggestions.suggestions, name="staff-suggestions"),
    path("suggestions/<int:pk>/", suggestions.answer, name="staff-suggestion"),
]
