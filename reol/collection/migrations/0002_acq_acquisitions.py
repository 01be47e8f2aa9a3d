"""Acquisitions: vendors, funds, invoices, and orders in lines. Each order of one title
becomes an order with one line; the title and copies leave the order in 0003."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models

# Copies received count as received on the line; an order's received date falls away.
LINES = """
INSERT INTO collection_orderline (order_id, record_id, quantity, received, price)
SELECT id, record_id, copies, CASE WHEN received IS NULL THEN 0 ELSE copies END, 0
FROM collection_order
"""


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0001_initial"),
        ("circulation", "0011_acq_suggestion_reason"),
        ("collection", "0001_initial"),
        ("libraries", "0002_opening_hours"),
    ]

    operations = [
        migrations.CreateModel(
            name="Vendor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("gln", models.CharField(blank=True, max_length=13, verbose_name="GLN (EAN location number)")),
                ("account", models.CharField(blank=True, max_length=40, verbose_name="account number")),
                ("library", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="vendors", to="libraries.library", verbose_name="library")),
            ],
            options={
                "verbose_name": "vendor",
                "verbose_name_plural": "vendors",
                "ordering": ["name", "id"],
                "constraints": [models.UniqueConstraint(fields=("library", "name"), name="vendor_name_once")],
            },
        ),
        migrations.CreateModel(
            name="Fund",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("code", models.CharField(max_length=20, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("budget", models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal("0"))], verbose_name="budget (DKK)")),
                ("library", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="funds", to="libraries.library", verbose_name="library")),
            ],
            options={
                "verbose_name": "fund",
                "verbose_name_plural": "funds",
                "ordering": ["-year", "code"],
                "constraints": [models.UniqueConstraint(fields=("library", "year", "code"), name="fund_code_once_a_year")],
            },
        ),
        migrations.CreateModel(
            name="Invoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=40, verbose_name="invoice number")),
                ("date", models.DateField(verbose_name="invoice date")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount (DKK)")),
                ("library", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invoices", to="libraries.library", verbose_name="library")),
                ("vendor", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="invoices", to="collection.vendor", verbose_name="vendor")),
            ],
            options={
                "verbose_name": "invoice",
                "verbose_name_plural": "invoices",
                "ordering": ["-date", "-id"],
                "constraints": [models.UniqueConstraint(fields=("vendor", "number"), name="invoice_number_once")],
            },
        ),
        migrations.AddField(
            model_name="order",
            name="vendor",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="orders", to="collection.vendor", verbose_name="vendor"),
        ),
        migrations.AddField(
            model_name="order",
            name="sent",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent"),
        ),
        migrations.AddField(
            model_name="collectionpolicy",
            name="gln",
            field=models.CharField(blank=True, max_length=13, verbose_name="GLN (EAN location number) for orders"),
        ),
        migrations.CreateModel(
            name="OrderLine",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quantity", models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name="copies")),
                ("received", models.PositiveSmallIntegerField(default=0, verbose_name="received")),
                ("price", models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=10, validators=[django.core.validators.MinValueValidator(Decimal("0"))], verbose_name="expected price each (DKK)")),
                ("fund", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="lines", to="collection.fund", verbose_name="fund")),
                ("order", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="lines", to="collection.order", verbose_name="order")),
                ("record", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="order_lines", to="catalogue.record", verbose_name="title")),
                ("suggestion", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="circulation.purchasesuggestion")),
            ],
            options={
                "verbose_name": "order line",
                "verbose_name_plural": "order lines",
                "ordering": ["order", "id"],
                "indexes": [models.Index(fields=["record", "received"], name="orderline_on_order")],
                "constraints": [models.CheckConstraint(condition=models.Q(("received__lte", models.F("quantity"))), name="orderline_received_at_most_ordered")],
            },
        ),
        migrations.RunSQL(LINES, "DELETE FROM collection_orderline"),
    ]
