"""Stocktakes with their scans, and weeding lists being carried out (issue 16)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _fk(to: str, **kwargs):
    return models.ForeignKey(on_delete=kwargs.pop("on_delete", django.db.models.deletion.CASCADE),
                             to=to, **kwargs)


def _user():
    return models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                             related_name="+", to=settings.AUTH_USER_MODEL)


ID = ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                verbose_name="ID"))


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0007_copies_status_history"),
        ("collection", "0001_initial"),
        ("libraries", "0003_minside_branch_contact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Stocktake",
            fields=[
                ID,
                ("scope", models.CharField(choices=[("shelf", "Shelf location"),
                                                    ("section", "Section"),
                                                    ("branch", "Whole branch")], max_length=8)),
                ("scope_value", models.CharField(blank=True, max_length=100)),
                ("started", models.DateTimeField()),
                ("state", models.CharField(choices=[("open", "Open"), ("confirmed", "Confirmed")],
                                           default="open", max_length=9)),
                ("confirmed", models.DateTimeField(blank=True, null=True)),
                ("missing", models.PositiveIntegerField(default=0)),
                ("branch", _fk("libraries.branch", related_name="+")),
                ("confirmed_by", _user()),
                ("library", _fk("libraries.library", related_name="+")),
                ("started_by", _user()),
            ],
            options={"ordering": ["-started", "-id"]},
        ),
        migrations.CreateModel(
            name="StocktakeScan",
            fields=[
                ID,
                ("barcode", models.CharField(max_length=40)),
                ("checked_in", models.BooleanField(default=False)),
                ("item", _fk("catalogue.item", blank=True, null=True, related_name="+",
                             on_delete=django.db.models.deletion.SET_NULL)),
                ("stocktake", _fk("collection.stocktake", related_name="scans")),
            ],
            options={
                "indexes": [models.Index(fields=["stocktake", "item"],
                                         name="stocktake_scan_item")],
                "constraints": [models.UniqueConstraint(fields=["stocktake", "barcode"],
                                                        name="stocktake_scan_once")],
            },
        ),
        migrations.CreateModel(
            name="Weeding",
            fields=[
                ID,
                ("years", models.PositiveSmallIntegerField()),
                ("started", models.DateTimeField()),
                ("finished", models.DateTimeField(blank=True, null=True)),
                ("branch", _fk("libraries.branch", related_name="+")),
                ("library", _fk("libraries.library", related_name="+")),
                ("started_by", _user()),
            ],
            options={"ordering": ["-started", "-id"]},
        ),
        migrations.CreateModel(
            name="WeedingCopy",
            fields=[
                ID,
                ("withdrawn", models.DateTimeField(blank=True, null=True)),
                ("item", _fk("catalogue.item", related_name="+")),
                ("weeding", _fk("collection.weeding", related_name="copies")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=["weeding", "item"],
                                                        name="weeding_copy_once")],
            },
        ),
    ]
