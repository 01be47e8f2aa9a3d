"""The advanced search: by field and year range, by GET, every error shown at once."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import Audience, MaterialType
from reol.catalogue.rules import LANGUAGE_NAMES, language_name, normalize_isbn

from .services import FIRST_YEAR, LAST_YEAR

FIELDS = ("title", "creator", "subject", "isbn", "year_from", "year_to")


def _languages() -> list[tuple[str, str]]:
    lang = (translation.get_language() or "da")[:2]
    return [("", gettext("Any language"))] + [
        (code, language_name(code, lang).capitalize())
        for code in LANGUAGE_NAMES if code not in ("mul", "und")
    ]


class AdvancedSearchForm(forms.Form):
    q = forms.CharField(label=_("Any field"), max_length=500, required=False)
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    creator = forms.CharField(label=_("Author or creator"), max_length=500, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False)
    year_from = forms.IntegerField(label=_("Year from"), required=False,
                                   min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_to = forms.IntegerField(label=_("Year to"), required=False,
                                 min_value=FIRST_YEAR, max_value=LAST_YEAR)
    type = forms.ChoiceField(label=_("Format"), required=False,
                             choices=[("", _("Any format")), *MaterialType.choices])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=_languages)
    audience = forms.ChoiceField(label=_("Audience"), required=False,
                                 choices=[("", _("Everyone")), *Audience.choices])

    def clean_isbn(self) -> str:
        typed = self.cleaned_data.get("isbn", "").strip()
        if typed and not normalize_isbn(typed):
            raise forms.ValidationError(_("This is not a valid ISBN."))
        return (normalize_isbn(typed) or "") if typed else ""

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", _("The year “to” must not be before the year “from”."))
        asked = [data.get(name) for name in ("q", *FIELDS)]
        if not self.errors and not any(v not in (None, "") for v in asked):
            raise forms.ValidationError(_("Fill in at least one of the fields to search."))
        return data
