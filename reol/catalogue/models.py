"""Bibliographic records and the physical items that carry them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.libraries.models import Branch, Library


class MaterialType(models.TextChoices):
    BOOK = "book", _("Book")
    AUDIOBOOK = "audiobook", _("Audiobook")
    FILM = "film", _("Film")
    MUSIC = "music", _("Music")
    GAME = "game", _("Game")
    PERIODICAL = "periodical", _("Periodical")
    SHEET_MUSIC = "sheet_music", _("Sheet music")
    OTHER = "other", _("Other")
    # Digital editions, lent through a provider (reol.digital), never as copies on a shelf.
    EBOOK = "ebook", _("E-book")
    EAUDIOBOOK = "eaudiobook", _("E-audiobook")
    PODCAST = "podcast", _("Podcast")
    FILM_STREAM = "film_stream", _("Streamed film")


DIGITAL_TYPES = frozenset({MaterialType.EBOOK, MaterialType.EAUDIOBOOK, MaterialType.PODCAST,
                           MaterialType.FILM_STREAM})


class Audience(models.TextChoices):
    ADULT = "adult", _("Adults")
    CHILDREN = "children", _("Children")


class Work(models.Model):
    """The same work across editions, formats and translations: records grouped by
    catalogue.rules.work_keys, or as staff split and joined them (works.py)."""

    key = models.CharField(max_length=450, unique=True)
    title = models.CharField(max_length=500)
    creator = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Record(models.Model):
    """A bibliographic record from the national union catalogue or a local import."""

    pid = models.CharField(max_length=80, unique=True)
    faust = models.CharField(max_length=20, db_index=True, blank=True)
    title = models.CharField(max_length=500)
    creators = models.JSONField(default=list, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    genres = models.JSONField(default=list, blank=True, help_text="Genre and form terms")
    # See-references and libraries' own marks: they find the record but are never shown.
    search_terms = models.JSONField(default=list, blank=True)
    # Relator codes by creator name ({"Mikkel Nørgaard": ["drt"]}); rules.role_names says them.
    roles = models.JSONField(default=dict, blank=True)
    dk5 = models.CharField("DK5", max_length=60, blank=True)
    material_type = models.CharField(
        max_length=12, choices=MaterialType.choices, default=MaterialType.BOOK
    )
    language = models.CharField(max_length=3, blank=True, help_text="ISO 639-2 code")
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.ADULT)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    isbns = models.JSONField(default=list, blank=True)
    issn = models.CharField("ISSN", max_length=9, blank=True)
    edition = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    extent = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    # The original title of a translation (MARC 240), which its work is known by.
    original_title = models.CharField(max_length=500, blank=True)
    work = models.ForeignKey(Work, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="records")
    # Staff split or joined this record by hand: the rules leave it where staff put it.
    work_fixed = models.BooleanField(default=False)
    # rules.title_key of the title, so a new edition finds the records it may share a work with.
    title_key = models.CharField(max_length=200, blank=True, db_index=True)
    # The record's latest transaction (MARC 005): set by reol on every save, or kept as the
    # former system stamped it when a catalogue is imported (catalogue/marc_import.py).
    updated = models.DateTimeField(auto_now=True)
    # When this database last changed the record, whatever 005 says: OAI-PMH datestamps, so
    # that a harvester sees a record imported today with an old 005 (reol/oai).
    changed = models.DateTimeField(auto_now=True, null=True)
    # When staff last gave the record a cover image (RecordCover); null: a generated cover.
    # On the record itself so a page of hits knows without asking another table.
    cover_set = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class RecordCover(models.Model):
    """A cover image that staff supplied, checked on upload (catalogue/covers.py). Kept in the
    database, so every web process of the PostgreSQL tier serves it without shared files."""

    record = models.OneToOneField(Record, on_delete=models.CASCADE, primary_key=True,
                                  related_name="cover")
    image = models.BinaryField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"cover of record {self.record_id}"


class RecordIsbn(models.Model):
    """Each ISBN of a record, normalised to 13 digits, so a typed ISBN finds its record."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="isbn_rows")
    isbn = models.CharField(max_length=13, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "isbn"], name="isbn_once")]

    def __str__(self) -> str:
        return self.isbn


class LoanCategory(models.TextChoices):
    STANDARD = "standard", _("Standard loan")
    SHORT = "short", _("Short loan")
    REFERENCE = "reference", _("Reference, not for loan")


class Item(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available", _("On the shelf")
        ON_LOAN = "on_loan", _("On loan")
        IN_TRANSIT = "in_transit", _("In transit")
        ON_HOLD_SHELF = "on_hold_shelf", _("On the hold shelf")
        MISSING = "missing", _("Missing")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # A patron lost it (circulation.services.declare_lost): the loan ended with a charge.
        LOST = "lost", _("Lost by a patron")
        DAMAGED = "damaged", _("Damaged")
        IN_REPAIR = "in_repair", _("In repair")

    # Gone from the collection until found again (or for good): not counted as stock.
    GONE = (Status.MISSING, Status.LOST, Status.WITHDRAWN)

    barcode = models.CharField(max_length=40, unique=True)
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="items")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="items")
    home_branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="home_items")
    current_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="current_items"
    )
    shelf_location = models.CharField(max_length=100, blank=True)
    loan_category = models.CharField(
        max_length=10, choices=LoanCategory.choices, default=LoanCategory.STANDARD
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.AVAILABLE)

    class Meta:
        ordering = ["library", "home_branch", "barcode"]
        indexes = [
            models.Index(fields=["record", "status"]),
            # Interlibrary routing asks which libraries hold an available, lendable copy of
            # thousands of records at once; this answers it from the index alone.
            models.Index(fields=["record", "status", "library", "loan_category"],
                         name="catalogue_item_holdings"),
        ]

    def __str__(self) -> str:
        return self.barcode


class CopyStatusChange(models.Model):
    """One change of a copy's status: from what, to what, why, when and by whom. Written by
    the services that change a status (collection/copies.py, stocktakes, weeding, a copy
    declared lost), never by hand; the staff record holds the same change."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="status_changes")
    library_id = models.BigIntegerField()  # the copy's library then: whose history it is
    old_status = models.CharField(max_length=14, choices=Item.Status.choices)
    status = models.CharField(max_length=14, choices=Item.Status.choices)
    reason = models.CharField(max_length=200)
    at = models.DateTimeField()
    # The staff user, while they exist; `actor` keeps their name (or the command's) after.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    actor = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["item", "at"], name="copystatus_item_at")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.old_status} → {self.status} ({self.reason})"


class ShelfChange(models.Model):
    """A record whose copies moved or changed status, not yet told to the apps that follow
    copies (the search index's "on the shelf at" facets). Written in the same transaction as
    the change, so none is lost, and cheap, so a scan at the desk pays one insert for it."""

    record_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"copies of record {self.record_id} changed"


class Authority(models.Model):
    """A controlled name or term: its preferred form, which records show, and the forms it is
    also written in (see-references), which lead to it. A record's creators (person,
    corporate body), subjects and genres that match any form are stored in the preferred form
    and linked here (catalogue/authorities.py), so a change reaches every record that uses it."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        CORPORATE = "corporate", _("Corporate body")
        SUBJECT = "subject", _("Subject")
        GENRE = "genre", _("Genre or form")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=300)
    see_from = models.JSONField(default=list, blank=True, help_text="Variant forms")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"],
                                               name="authority_name_once")]

    def __str__(self) -> str:
        return self.name


class AuthorityForm(models.Model):
    """Every form of an authority, preferred and variant, as a row: a record's name finds its
    authority by an index, and no form leads to two authorities of one kind."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="forms")
    kind = models.CharField(max_length=10)
    form = models.CharField(max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "form"],
                                               name="authority_form_once")]

    def __str__(self) -> str:
        return self.form


class AuthorityLink(models.Model):
    """A record uses an authority (as creator, subject or genre, by the authority's kind)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="links")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="authority_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "record"],
                                               name="authority_link_once")]

    def __str__(self) -> str:
        return f"{self.record_id} uses {self.authority_id}"


class RecordRedirect(models.Model):
    """The pid of a record merged into another: its old address leads to the survivor."""

    pid = models.CharField(max_length=80, unique=True)
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="redirects")
    merged = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.pid} → {self.record_id}"
