"""A copy's life: damaged, in repair and lost by a patron join the statuses (a change of
choices only: SQLite does not rebuild catalogue_item, so the shelf-change trigger of 0004
stays), and every change of status is kept with its reason, date and who made it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("available", "On the shelf"), ("on_loan", "On loan"), ("in_transit", "In transit"),
    ("on_hold_shelf", "On the hold shelf"), ("missing", "Missing"), ("withdrawn", "Withdrawn"),
    ("lost", "Lost by a patron"), ("damaged", "Damaged"), ("in_repair", "In repair"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0006_works_grouping"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="item",
            name="status",
            field=models.CharField(choices=STATUSES, default="available", max_length=14),
        ),
        migrations.CreateModel(
            name="CopyStatusChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("library_id", models.BigIntegerField()),
                ("old_status", models.CharField(choices=STATUSES, max_length=14)),
                ("status", models.CharField(choices=STATUSES, max_length=14)),
                ("reason", models.CharField(max_length=200)),
                ("at", models.DateTimeField()),
                ("actor", models.CharField(blank=True, max_length=200)),
                ("item", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="status_changes",
                                           to="catalogue.item")),
                ("user", models.ForeignKey(blank=True, null=True,
                                           on_delete=django.db.models.deletion.SET_NULL,
                                           related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["item", "at"], name="copystatus_item_at")],
            },
        ),
    ]
