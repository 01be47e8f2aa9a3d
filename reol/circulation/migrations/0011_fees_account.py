"""The patron's account (issue 16, point 5): AccountEntry and OnlinePayment.

Entries are never changed or deleted. Triggers on both engines refuse DELETE and any UPDATE of
what an entry says; only its links (patron, loan, by) may be emptied, as deleting a patron or
forgetting a loan history does. SQLite's DELETE trigger gives way only while the table
`reol_ledger_wipe` (no model: Django's flush never touches it) holds a row, which only `reol
flush` puts there, to empty a whole database (PostgreSQL's flush uses TRUNCATE, which row
triggers do not see). tests/circulation/test_accounts.py fails when a trigger is missing.

A later migration that makes SQLite rebuild circulation_accountentry drops its triggers: such
a migration must create them again.

Each loan's standing charge (Loan.fee) becomes a charge entry with the title's text; a returned
loan of a patron who keeps no history then lets go of the patron, as returns without a charge
always did (docs/privacy.md).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

COLUMNS = "library_id, kind, cause, amount, title, settles_id, reason, method, reference, created"
TRIGGER = {
    "sqlite": [
        "CREATE TABLE IF NOT EXISTS reol_ledger_wipe (since TEXT)",
        f"""CREATE TRIGGER circulation_accountentry_no_update BEFORE UPDATE OF {COLUMNS}
            ON circulation_accountentry
        BEGIN SELECT RAISE(ABORT, 'account entries are never changed'); END""",
        """CREATE TRIGGER circulation_accountentry_no_delete BEFORE DELETE
            ON circulation_accountentry
            WHEN NOT EXISTS (SELECT 1 FROM reol_ledger_wipe)
        BEGIN SELECT RAISE(ABORT, 'account entries are never deleted'); END""",
    ],
    "postgresql": [
        """CREATE FUNCTION circulation_accountentry_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'account entries are never changed or deleted';
        END $$""",
        f"""CREATE TRIGGER circulation_accountentry_no_update BEFORE UPDATE OF {COLUMNS}
            ON circulation_accountentry FOR EACH ROW
            EXECUTE FUNCTION circulation_accountentry_append_only()""",
        """CREATE TRIGGER circulation_accountentry_no_delete BEFORE DELETE
            ON circulation_accountentry FOR EACH ROW
            EXECUTE FUNCTION circulation_accountentry_append_only()""",
    ],
}
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS circulation_accountentry_no_update",
               "DROP TRIGGER IF EXISTS circulation_accountentry_no_delete",
               "DROP TABLE IF EXISTS reol_ledger_wipe"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS circulation_accountentry_no_update ON circulation_accountentry",
        "DROP TRIGGER IF EXISTS circulation_accountentry_no_delete ON circulation_accountentry",
        "DROP FUNCTION IF EXISTS circulation_accountentry_append_only()"],
}


def run(statements):
    def step(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql, params=None)
    return step


def charges_to_entries(apps, schema_editor):
    Loan = apps.get_model("circulation", "Loan")
    AccountEntry = apps.get_model("circulation", "AccountEntry")
    Event = apps.get_model("core", "Event")
    now = timezone.now()
    loans = (Loan.objects.filter(fee__gt=0, patron__isnull=False)
             .select_related("item__record", "patron").order_by("id"))
    for loan in loans.iterator():
        kept = loan.lost is not None or loan.patron.keep_history
        AccountEntry.objects.create(
            patron_id=loan.patron_id, library_id=loan.item.library_id, kind="charge",
            cause="replacement" if loan.lost else "overdue", amount=loan.fee,
            loan=loan if kept else None, title=loan.item.record.title[:300],
            created=loan.lost or loan.returned or now)
        if not kept and loan.returned is not None:
            Event.objects.filter(loan_id=loan.pk).update(patron_ref=None)
            Loan.objects.filter(pk=loan.pk).update(patron=None)


class Migration(migrations.Migration):

    dependencies = [
        ("circulation", "0010_merge_works"),
        ("core", "0003_core_move_in"),
        ("libraries", "0003_minside_branch_contact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("charge", "Charge"), ("manual", "Manual charge"), ("payment", "Payment"), ("waiver", "Waiver"), ("refund", "Refund")], max_length=8)),
                ("cause", models.CharField(blank=True, choices=[("overdue", "Overdue fee"), ("replacement", "Replacement charge for a lost item")], max_length=12)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=9)),
                ("title", models.CharField(blank=True, max_length=300)),
                ("reason", models.CharField(blank=True, max_length=300)),
                ("method", models.CharField(blank=True, choices=[("cash", "Cash"), ("card", "Card"), ("online", "Online"), ("sip2", "Payment kiosk")], max_length=6)),
                ("reference", models.CharField(blank=True, max_length=80)),
                ("created", models.DateTimeField()),
                ("by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("library", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="libraries.library")),
                ("loan", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="account_entries", to="circulation.loan")),
                ("patron", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="account_entries", to="circulation.patron")),
                ("settles", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="settled_by", to="circulation.accountentry")),
            ],
            options={
                "ordering": ["created", "id"],
                "indexes": [models.Index(fields=["patron", "created"], name="accountentry_patron"), models.Index(fields=["library", "created"], name="accountentry_library")],
                "constraints": [models.UniqueConstraint(condition=models.Q(("reference", ""), _negated=True), fields=("method", "reference"), name="one_entry_per_payment")],
            },
        ),
        migrations.CreateModel(
            name="OnlinePayment",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("provider", models.CharField(max_length=20)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=9)),
                ("status", models.CharField(choices=[("started", "Started"), ("paid", "Paid"), ("cancelled", "Cancelled")], default="started", max_length=10)),
                ("return_url", models.CharField(blank=True, max_length=300)),
                ("created", models.DateTimeField()),
                ("finished", models.DateTimeField(blank=True, null=True)),
                ("library", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="libraries.library")),
                ("patron", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="online_payments", to="circulation.patron")),
            ],
        ),
        migrations.RunPython(run(TRIGGER), run(DROP)),
        migrations.RunPython(charges_to_entries, migrations.RunPython.noop),
    ]
