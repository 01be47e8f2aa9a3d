"""Demo self-service: a self-check machine in every house, a door at every house with open-library
hours, and an entry policy per house. Deterministic; running it twice changes nothing."""

from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import make_password

from reol.libraries.models import Branch

from .models import EntryPolicy, Sip2Terminal

PASSWORD = "sip-demo"


def load_terminals() -> int:
    """Kiosks `sip-<branch code>` in every branch but deposit collections, doors
    `door-<branch code>` at main libraries and branches; all with the password sip-demo, each
    hashed with its own salt. Returns how many terminals it created."""
    wanted = []
    for branch in Branch.objects.exclude(kind=Branch.Kind.DEPOSIT).order_by("code"):
        houses = branch.kind in (Branch.Kind.MAIN, Branch.Kind.BRANCH)
        wanted.append((f"sip-{branch.code}", Sip2Terminal.Kind.KIOSK, branch))
        if houses:
            wanted.append((f"door-{branch.code}", Sip2Terminal.Kind.DOOR, branch))
            EntryPolicy.objects.get_or_create(branch=branch)
    existing = set(Sip2Terminal.objects.values_list("login", flat=True))
    new = [row for row in wanted if row[0] not in existing]
    # Argon2 is slow on purpose and lets go of the GIL: the hashes are made side by side.
    with ThreadPoolExecutor() as pool:
        hashes = list(pool.map(make_password, [PASSWORD] * len(new)))
    Sip2Terminal.objects.bulk_create(
        Sip2Terminal(login=login, password=hashed, branch=branch, kind=kind)
        for (login, kind, branch), hashed in zip(new, hashes, strict=True))
    return len(new)
