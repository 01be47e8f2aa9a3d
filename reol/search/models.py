"""The search index: one entry per record, kept by the search services, read by the backends.

The text columns hold what the backend in use wants to index (see backends.py): folded
Snowball stems for the embedded Tantivy index beside SQLite, folded words for PostgreSQL's
`danish` configuration. The full-text index is built from these columns: by the embedded
backend from the SearchChange queue (embedded.py), and on PostgreSQL inside the database (a
generated tsvector, migrations 0002-0005).
"""

from django.db import models

from reol.catalogue.models import Record


class SearchEntry(models.Model):
    record = models.OneToOneField(
        Record, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    title = models.TextField()
    creators = models.TextField()
    subjects = models.TextField()
    body = models.TextField()
    material_type = models.CharField(max_length=12)
    language = models.CharField(max_length=3)
    audience = models.CharField(max_length=8)
    available = models.BooleanField(default=False)
    # What the sorts read (rules.sort_order): the year, and title and first creator as
    # numbers in Danish alphabetical order, the same on both backends.
    year = models.IntegerField(null=True)
    title_order = models.BigIntegerField(default=0)
    creator_order = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["material_type", "language", "audience"])]

    def __str__(self) -> str:
        return f"search entry of record {self.record_id}"


class SearchFacet(models.Model):
    """A many-valued facet of a record: a subject, a genre or form, or a library with a copy
    on the shelf."""

    SUBJECT = "subject"
    GENRE = "genre"
    LIBRARY = "library"

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "value", "record"]),
            models.Index(fields=["record", "facet"]),
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchChange(models.Model):
    """A record whose index entry changed and that the embedded index has not yet applied."""

    record_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"change of record {self.record_id}"


class SearchWord(models.Model):
    """A word of the catalogue's titles, creators and subjects, folded, with the number of
    records that use it: what "Mente du …?" may offer (vocabulary.py). Written by the
    vocabulary job, never by a search."""

    word = models.CharField(max_length=60, unique=True)
    n = models.IntegerField()

    def __str__(self) -> str:
        return self.word


class SearchSuggestion(models.Model):
    """A title, creator or subject offered while typing, under its folded `key`, with the
    number of records it belongs to. Written by the vocabulary job."""

    TITLE = "title"
    CREATOR = "creator"
    SUBJECT = "subject"

    key = models.CharField(max_length=200, db_index=True)
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=8)
    n = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}"


class VocabularyState(models.Model):
    """One row: what the catalogue looked like when the vocabulary was last built, so the
    job builds it again only after a change, and processes know when to read it anew."""

    built = models.IntegerField(default=0)  # raised at every build
    fingerprint = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"vocabulary build {self.built}"
