"""How reol's identifiers and words are said in the FBS Adapter's (no database)."""

from datetime import date

from reol.fbs import rules


def test_record_ids_are_faust_numbers():
    assert rules.faust("870970-basis:29887412") == "29887412"
    assert rules.faust("716100-katalog:123", "5551234") == "5551234"
    assert rules.pid_candidates("29887412") == ["870970-basis:29887412"]
    assert rules.pid_candidates("../etc") == []


def test_branches_are_numbered_under_their_agency_with_the_main_library_first():
    found = rules.branch_isils("746100", [(3, "branch"), (5, "main"), (9, "bookmobile")])
    assert found == {5: "DK-746100", 3: "DK-746101", 9: "DK-746102"}


def test_a_cpr_number_gives_the_birth_date_by_the_century_digit():
    assert rules.birth_date_from_cpr("0502901234") == date(1990, 2, 5)
    assert rules.birth_date_from_cpr("010116-4234") == date(2016, 1, 1)
    assert rules.birth_date_from_cpr("0101605234") == date(1860, 1, 1)
    assert rules.birth_date_from_cpr("3102901234") is None
    assert rules.birth_date_from_cpr("12345") is None


def test_unknown_refusals_keep_reols_code_or_are_denied_for_another_reason():
    assert rules.reservation_result("reservation_limit") == "exceeds_max_reservations"
    assert rules.reservation_result("bad_date") == "bad_date"
    assert rules.renewal_status("renewal_too_early") == "deniedOtherReason"
    assert rules.renewal_status(None) == "renewed"


def test_one_contact_of_several_is_kept_preferring_one_that_is_notified():
    assert rules.chosen_contact([("a@x.dk", False), ("b@x.dk", True)]) == ("b@x.dk", True)
    assert rules.chosen_contact([(" ", True), ("a@x.dk", False)]) == ("a@x.dk", False)
    assert rules.chosen_contact([]) == ("", False)


def test_patron_ids_are_card_numbers_where_an_integer_can_carry_them():
    assert rules.patron_id("7161000001", 7) == 7161000001
    assert rules.patron_id("0012", 7) == 7
    assert rules.patron_id("AB12", 7) == 7
