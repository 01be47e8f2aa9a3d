"""Demo self-service: a self-check machine in every house, a door at every house with open-library
hours, and an entry policy per house. Deterministic; running it twice changes nothing."""

from django.contrib.auth.hashers import make_password

from reol.libraries.models import Branch

from .models import EntryPolicy, Sip2Terminal

PASSWORD = "sip-demo"


def load_terminals() -> int:
    """Kiosks `sip-<branch code>` in every branch but deposit collections, doors
    `door-<branch code>` at main libraries and branches; all with the password sip-demo.
    Returns how many terminals it created."""
    password = make_password(PASSWORD)  # one hash for all: Argon2 is slow on purpose
    created = 0
    for branch in Branch.objects.exclude(kind=Branch.Kind.DEPOSIT).order_by("code"):
        houses = branch.kind in (Branch.Kind.MAIN, Branch.Kind.BRANCH)
        logins = [(f"sip-{branch.code}", Sip2Terminal.Kind.KIOSK)]
        if houses:
            logins.append((f"door-{branch.code}", Sip2Terminal.Kind.DOOR))
            EntryPolicy.objects.get_or_create(branch=branch)
        for login, kind in logins:
            _, new = Sip2Terminal.objects.get_or_create(
                login=login, defaults={"password": password, "branch": branch, "kind": kind})
            created += new
    return created
