"""The acquisitions staff's forms: each shows all its errors at once, next to their fields; a
service's refusal goes next to the field it is about (FIELD_OF) or above the form."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reol.catalogue.models import LoanCategory
from reol.libraries.models import Branch, Library

from . import rules
from .models import Fund, Receipt, Vendor


class KronerField(forms.DecimalField):
    """Kroner as Danes write them, whatever the page's language: "1.234,50", "249,95", or
    "249.95" with a point."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and "," in value:
            value = value.replace(" ", "")
            if value.rfind(",") > value.rfind("."):  # the comma is the decimal mark
                value = value.replace(".", "").replace(",", ".")
            else:  # 1,234.50
                value = value.replace(",", "")
        return super().to_python(value)


def kroner(label: Any, max_digits: int = 10) -> KronerField:
    return KronerField(label=label, max_digits=max_digits, decimal_places=2,
                       min_value=Decimal("0"), localize=True)


def _limit(form: forms.Form, name: str, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def explain(form: forms.Form, refusal) -> None:
    form.add_error(getattr(form, "FIELD_OF", {}).get(refusal.code), refusal.message())


class LibraryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class VendorForm(forms.Form):
    FIELD_OF = {"vendor_exists": "name"}
    library = LibraryChoice(label=_("Library"), queryset=Library.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    gln = forms.RegexField(label=_("GLN (EAN location number)"), regex=r"^\d{13}$",
                           required=False, help_text=_("13 digits; needed for EDIFACT orders."),
                           error_messages={"invalid": _("A GLN has 13 digits.")})
    account = forms.CharField(label=_("Our account number with the vendor"), max_length=40,
                              required=False)

    def __init__(self, *args, libraries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "library", Library.objects.filter(
            pk__in=[library.pk for library in libraries]).order_by("name"))


class FundForm(forms.Form):
    FIELD_OF = {"fund_exists": "code"}
    library = LibraryChoice(label=_("Library"), queryset=Library.objects.none())
    year = forms.IntegerField(label=_("Year"), validators=[MinValueValidator(2000),
                                                           MaxValueValidator(2100)])
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200)
    budget = kroner(_("Budget (DKK)"), 12)

    def __init__(self, *args, libraries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "library", Library.objects.filter(
            pk__in=[library.pk for library in libraries]).order_by("name"))


class FundChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.year} · {obj.name} ({obj.library.name})"


class VendorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.library.name})"


class LineForm(forms.Form):
    """A line on the open order to a vendor: by hand, from the holds advice (prefilled), or
    accepting a patron's suggestion."""

    FIELD_OF = {"unknown_title": "title", "over_budget": "fund", "not_one_library": "fund",
                "receive_too_many": "quantity"}
    title = forms.CharField(label=_("Title (pid, faust number or ISBN)"), max_length=60)
    quantity = forms.IntegerField(label=_("Copies"), min_value=1,
                                  max_value=rules.MAX_COPIES_A_LINE)
    price = kroner(_("Expected price each (DKK)"))
    vendor = VendorChoice(label=_("Vendor"), queryset=Vendor.objects.none())
    fund = FundChoice(label=_("Fund"), queryset=Fund.objects.none())
    leader_confirms = forms.BooleanField(
        label=_("As leader I confirm overspending the fund"), required=False)

    def __init__(self, *args, libraries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = [library.pk for library in libraries]
        _limit(self, "vendor", Vendor.objects.filter(
            library_id__in=ids).select_related("library"))
        _limit(self, "fund", Fund.objects.filter(
            library_id__in=ids).select_related("library"))


class ReceiveForm(forms.Form):
    FIELD_OF = {"receive_too_many": "quantity", "barcode_count": "barcodes",
                "barcode_twice": "barcodes", "barcode_taken": "barcodes"}
    quantity = forms.IntegerField(label=_("Copies received"), min_value=1,
                                  max_value=rules.MAX_COPIES_A_LINE)
    barcodes = forms.CharField(
        label=_("Barcodes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Scan one per copy, or leave empty to have them generated."))
    branch = forms.TypedChoiceField(label=_("Received at"), coerce=int)
    home_branch = forms.TypedChoiceField(label=_("Home branch"), coerce=int)
    shelf = forms.CharField(label=_("Shelf"), max_length=100, required=False)
    loan_category = forms.ChoiceField(label=_("Loan category"), choices=LoanCategory.choices)
    price = kroner(_("Actual price each (DKK)"))

    def __init__(self, *args, branches: Sequence[Branch] = (), **kwargs) -> None:
        # The library's branches, read once for all the lines of an order page.
        super().__init__(*args, **kwargs)
        self.branches = {branch.pk: branch for branch in branches}
        choices = [(branch.pk, branch.name) for branch in branches]
        for name in ("branch", "home_branch"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("branch", "home_branch"):
            if name in data:
                data[name] = self.branches[data[name]]
        return data


class InvoiceForm(forms.Form):
    FIELD_OF = {"invoice_exists": "number"}
    vendor = VendorChoice(label=_("Vendor"), queryset=Vendor.objects.none())
    number = forms.CharField(label=_("Invoice number"), max_length=40)
    date = forms.DateField(label=_("Invoice date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = kroner(_("Amount (DKK)"), 12)
    receipts = forms.ModelMultipleChoiceField(label=_("Deliveries it covers"),
                                              queryset=Receipt.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, libraries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = [library.pk for library in libraries]
        _limit(self, "vendor", Vendor.objects.filter(
            library_id__in=ids).select_related("library"))
        _limit(self, "receipts", Receipt.objects.filter(
            line__order__library_id__in=ids, invoice__isnull=True).select_related(
            "line__record", "line__order__vendor"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        vendor, receipts = data.get("vendor"), data.get("receipts") or []
        if vendor and any(r.line.order.vendor_id != vendor.pk for r in receipts):
            self.add_error("receipts", _("Choose only deliveries from this vendor."))
        return data
