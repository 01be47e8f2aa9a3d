"""The rules of a copy's life and of stocktaking, as pure functions (no database)."""

from datetime import date

import pytest

from reol.collection import rules
from reol.errors import DomainError


def code(refusal: DomainError | None) -> str | None:
    return refusal.code if refusal else None


def test_staff_give_by_hand_only_the_statuses_lending_does_not_own():
    assert code(rules.status_change_refusal("available", "damaged", "vand")) is None
    assert code(rules.status_change_refusal("in_transit", "missing", "kom aldrig")) is None
    assert code(rules.status_change_refusal("in_repair", "available", "klar")) is None
    for status in ("on_loan", "lost", "in_transit", "on_hold_shelf"):
        assert code(rules.status_change_refusal("available", status, "x")) == \
            "copy_status_not_by_hand"
    assert code(rules.status_change_refusal("on_loan", "damaged", "x")) == "copy_on_loan"
    assert code(rules.status_change_refusal("lost", "available", "x")) == "copy_found_at_desk"
    assert code(rules.status_change_refusal("missing", "withdrawn", "")) == "copy_no_reason"


def test_a_stocktakes_scope_is_a_start_of_the_shelf_location():
    assert rules.scope_prefix("branch", "ignored") == ""
    assert rules.scope_prefix("section", " Voksen ") == "Voksen · "
    assert rules.scope_prefix("shelf", "Voksen · 7") == "Voksen · 7"
    assert rules.in_scope("Voksen · 7", "Voksen · 77.7")
    assert not rules.in_scope("Voksen · ", "Voksenbøger")
    assert rules.section_of("Børn · 77.7") == "Børn"
    with pytest.raises(DomainError):
        rules.scope_prefix("section", "")


def test_a_handhelds_list_is_read_line_by_line_or_as_csv():
    text = '\ufeffStregkode,tid\n"5716100001",10:01\n5716100002;10:02\n\n5716100001\t10:03\n' \
           + "x" * 41 + "\n"
    assert rules.barcodes(text.lstrip("\ufeff")) == ["5716100001", "5716100002"]
    assert rules.barcodes("") == []


def test_the_stocktakes_reason_names_its_day():
    assert rules.stocktake_reason(date(2026, 12, 7)) == "stocktake 2026-12-07"
