"""Sorting and the vocabulary (issue 15, point 5): the entry gains the year and its title and
first creator as Danish alphabetical order numbers; the words and suggestions of the
catalogue get tables of their own, built by the vocabulary job (`reol run_jobs`, `reol serve`).

The order numbers of existing entries are computed here, with a copy of the rule as it stands
today (search/rules.py `sort_order`), since a migration does not import live code. The
Tantivy index beside SQLite is rebuilt by the search worker (an index of an older schema)."""

import re
import unicodedata

from django.db import migrations, models

ALPHABET = " 0123456789abcdefghijklmnopqrstuvwxyzæøå"
ORDER = {char: n for n, char in enumerate(ALPHABET)}
LENGTH = 11
LAST = len(ALPHABET) ** LENGTH


def _fold(text):
    text = text.lower().replace("aa", "å").replace("ꜳ", "å")
    out = []
    for char in text:
        if char in "æøå" or char.isascii():
            out.append(char)
        else:
            base = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out)


def _order(text):
    letters = []
    for char in _fold(text):
        if char.isspace():
            if letters and letters[-1] != 0:
                letters.append(0)
        elif char in ORDER:
            letters.append(ORDER[char])
        if len(letters) == LENGTH:
            break
    while letters and letters[-1] == 0:
        letters.pop()
    letters += [0] * (LENGTH - len(letters))
    key = 0
    for code in letters:
        key = key * len(ALPHABET) + code
    return key


def _creator(creators):
    name = re.sub(r"\(.*?\)", " ", creators[0]).split() if creators else []
    return _order(" ".join([name[-1], *name[:-1]])) if name else LAST


def fill(apps, schema_editor):
    Entry = apps.get_model("search", "SearchEntry")
    Record = apps.get_model("catalogue", "Record")
    ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        batch = ids[start:start + 2000]
        rows = Record.objects.filter(pk__in=batch).values_list("pk", "title", "creators", "year")
        entries = [Entry(record_id=pk, year=year, title_order=_order(title),
                         creator_order=_creator(creators or []))
                   for pk, title, creators, year in rows]
        Entry.objects.bulk_update(entries, ["year", "title_order", "creator_order"])


class Migration(migrations.Migration):
    dependencies = [("search", "0007_cleandata_genre_facet")]

    operations = [
        migrations.AddField("searchentry", "year", models.IntegerField(null=True)),
        migrations.AddField("searchentry", "title_order", models.BigIntegerField(default=0)),
        migrations.AddField("searchentry", "creator_order", models.BigIntegerField(default=0)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=60, unique=True)),
                ("n", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="SearchSuggestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("key", models.CharField(db_index=True, max_length=200)),
                ("label", models.CharField(max_length=300)),
                ("kind", models.CharField(max_length=8)),
                ("n", models.IntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="VocabularyState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("built", models.IntegerField(default=0)),
                ("fingerprint", models.CharField(blank=True, max_length=100)),
            ],
        ),
    ]
