"""The logged-in patron, kept in the Django session (patrons are not Django users)."""

from django.http import HttpRequest

from .models import Patron

KEY = "patron_id"


def log_in(request: HttpRequest, patron: Patron) -> None:
    request.session.cycle_key()  # a new session id at log-in: no session fixation
    request.session[KEY] = patron.pk


def log_out(request: HttpRequest) -> None:
    request.session.pop(KEY, None)
    request.session.cycle_key()


def current_patron(request: HttpRequest) -> Patron | None:
    patron_id = request.session.get(KEY)
    if patron_id is None:
        return None
    return Patron.objects.select_related("library", "pickup_branch").filter(pk=patron_id).first()
