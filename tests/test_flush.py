"""`flush`, as the transactional tests run it after each test (reol/circulation/management/
commands/flush.py): every table empty, the patrons' ledger included, and what post_migrate
makes (content types, permissions, the role groups) as post_migrate makes it — kept when it
stands so, made again when a test changed it."""

from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from reol.circulation import accounts
from reol.circulation.models import AccountEntry, Patron
from reol.core.roles import ROLES, permissions_of
from reol.libraries.models import Library
from tests.factories import make_network, make_patron


def flush() -> None:  # as TransactionTestCase flushes after each test
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False,
                 allow_cascade=False, inhibit_post_migrate=False)


def as_migrate_makes() -> dict[str, set[str]]:
    return {group.name: set(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.all()}


def test_flush_empties_every_table_and_leaves_roles_as_migrate_makes_them(transactional_db):
    flush()
    roles = as_migrate_makes()
    assert set(roles) == set(ROLES) and roles["desk"] == set(permissions_of("desk"))
    types = ContentType.objects.count()

    network = make_network()
    patron = make_patron(network.glostrup)
    accounts.manual_charge(patron, Decimal("25.00"), "Tabt lånerkort",
                           library_id=network.glostrup.pk, by=None)
    desk = Group.objects.get(name="desk")
    desk.permissions.remove(*desk.permissions.all()[:3])  # a test changes a role
    Group.objects.create(name="extra")
    flush()
    assert not Library.objects.exists() and not Patron.objects.exists()
    assert not AccountEntry.objects.exists()  # the append-only ledger too
    assert as_migrate_makes() == roles  # made again as migrate makes it
    assert ContentType.objects.count() == types and Permission.objects.exists()

    make_network()
    flush()  # the roles untouched: kept, and still as migrate makes them
    assert not Library.objects.exists() and as_migrate_makes() == roles
