"""The forms cataloguers fill in: a record with its MARC tags beside the Danish labels, and
copies in bulk. They only read and check what was typed (every error at once, in the user's
language, through catalogue/validation.py); storing is catalogue/cataloguing.py's."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reol.libraries.models import Branch
from reol.refusals import refuse

from . import validation
from .models import Audience, Authority, LoanCategory, MaterialType
from .services import RecordData

_LINES = {"rows": 3}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RecordForm(forms.Form):
    title = forms.CharField(label=_("Title : subtitle (245 $a $b)"), max_length=500,
                            required=False)  # clean_title says why in our words
    creators = forms.CharField(label=_("Creators, one a line (100, 700 $a)"), required=False,
                               widget=forms.Textarea(attrs=_LINES))
    original_title = forms.CharField(label=_("Original title (240 $a)"), max_length=500,
                                     required=False)
    material_type = forms.ChoiceField(label=_("Material type (leader/06-07)"),
                                      choices=MaterialType.choices)
    edition = forms.CharField(label=_("Edition (250 $a)"), max_length=200, required=False)
    publisher = forms.CharField(label=_("Publisher (264 $b)"), max_length=300, required=False)
    year = forms.CharField(label=_("Year (008/07-10, 264 $c)"), max_length=4, required=False)
    extent = forms.CharField(label=_("Extent (300 $a)"), max_length=300, required=False)
    isbns = forms.CharField(label=_("ISBN, one a line (020 $a)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    issn = forms.CharField(label=_("ISSN (022 $a)"), max_length=20, required=False)
    language = forms.CharField(label=_("Language, ISO 639-2 code (008/35-37)"), max_length=30,
                               required=False, help_text=_("dan, eng, ger, swe …"))
    audience = forms.ChoiceField(label=_("Audience (008/22)"), choices=Audience.choices)
    dk5 = forms.CharField(label=_("DK5 class (084 $a)"), max_length=60, required=False)
    subjects = forms.CharField(label=_("Subjects, one a line (650 $a)"), required=False,
                               widget=forms.Textarea(attrs=_LINES))
    genres = forms.CharField(label=_("Genre and form, one a line (655 $a)"), required=False,
                             widget=forms.Textarea(attrs=_LINES))
    description = forms.CharField(label=_("Description (520 $a)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    @classmethod
    def initial_from(cls, data: RecordData) -> dict[str, Any]:
        return {"title": data.title, "creators": "\n".join(data.creators),
                "original_title": data.original_title, "material_type": data.material_type,
                "edition": data.edition, "publisher": data.publisher,
                "year": str(data.year or ""), "extent": data.extent,
                "isbns": "\n".join(data.isbns), "issn": data.issn, "language": data.language,
                "audience": data.audience, "dk5": data.dk5,
                "subjects": "\n".join(data.subjects), "genres": "\n".join(data.genres),
                "description": data.description}

    def clean_title(self) -> str:
        title = str(self.cleaned_data["title"]).strip()
        if not title:
            raise forms.ValidationError(refuse("no_title.record").message())
        return title

    def clean_isbns(self) -> list[str]:
        typed = _lines(self.cleaned_data["isbns"])
        bad = [i for i in typed if validation.isbn(i).problem]
        if bad:
            raise forms.ValidationError(refuse("bad_isbn", isbn=", ".join(bad)).message())
        return [validation.isbn(i).value for i in typed]

    def clean_issn(self) -> str:
        typed = str(self.cleaned_data["issn"]).strip()
        if not typed:
            return ""
        checked = validation.issn(typed)
        if checked.problem:
            raise forms.ValidationError(refuse("bad_issn", issn=typed).message())
        return checked.value

    def clean_year(self) -> int | None:
        typed = str(self.cleaned_data["year"]).strip()
        if not typed:
            return None
        this_year = timezone.localdate().year
        if validation.year(typed, this_year).problem:
            raise forms.ValidationError(refuse("bad_year.record", latest=this_year + 1).message())
        return int(typed)

    def clean_language(self) -> str:
        typed = str(self.cleaned_data["language"]).strip()
        if not typed:
            return ""
        checked = validation.language(typed)
        if checked.problem:
            raise forms.ValidationError(refuse("bad_language.record", language=typed).message())
        return checked.value

    def record_data(self, base: RecordData) -> RecordData:
        """The record as typed, on top of what the form does not show (`base`)."""
        values = self.cleaned_data
        base.title = values["title"]
        for name in ("creators", "subjects", "genres"):
            setattr(base, name, _lines(values[name]))
        for name in ("original_title", "material_type", "edition", "publisher", "year",
                     "extent", "isbns", "issn", "language", "audience", "dk5", "description"):
            setattr(base, name, values[name])
        return base


class CopiesForm(forms.Form):
    barcodes = forms.CharField(
        label=_("Barcodes: a range such as 5000123-5000222, or scan one a line"),
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}))
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none())
    shelf = forms.CharField(label=_("Shelf"), max_length=100, required=False)
    loan_category = forms.ChoiceField(label=_("Loan category"), choices=LoanCategory.choices)

    def __init__(self, *args: Any, branches: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]


class AuthorityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Authority.Kind.choices)
    name = forms.CharField(label=_("Preferred form"), max_length=300)
    see_from = forms.CharField(label=_("See-references: other forms, one a line"),
                               required=False, widget=forms.Textarea(attrs=_LINES))

    def clean_see_from(self) -> list[str]:
        return _lines(self.cleaned_data["see_from"])


class MergeForm(forms.Form):
    other = forms.CharField(label=_("The record to merge into this one (pid or ISBN)"),
                            max_length=80)
    types_confirmed = forms.BooleanField(
        label=_("Merge even though the material types differ"), required=False)
