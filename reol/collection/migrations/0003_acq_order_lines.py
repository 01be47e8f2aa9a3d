"""The title and copies of an order now live in its lines (0002 moved them); deliveries are
receipts of a line."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("collection", "0002_acq_acquisitions"),
        ("libraries", "0002_opening_hours"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="order",
            name="collection__record__292ed4_idx",
        ),
        migrations.RemoveField(model_name="order", name="record"),
        migrations.RemoveField(model_name="order", name="copies"),
        migrations.RemoveField(model_name="order", name="received"),
        migrations.AlterModelOptions(
            name="order",
            options={"ordering": ["-ordered", "-id"], "verbose_name": "order", "verbose_name_plural": "orders"},
        ),
        migrations.CreateModel(
            name="Receipt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quantity", models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                ("price", models.DecimalField(decimal_places=2, max_digits=10)),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                ("received", models.DateTimeField()),
                ("branch", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="libraries.branch")),
                ("invoice", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="receipts", to="collection.invoice")),
                ("line", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="receipts", to="collection.orderline")),
            ],
            options={
                "ordering": ["received", "id"],
            },
        ),
    ]
