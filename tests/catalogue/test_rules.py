from reol.catalogue import rules


def test_age_terms_make_childrens_material_with_its_range():
    found = rules.audience_from_terms(["for 6 år", "for 7 år", "sk"])
    assert (found.audience, found.age_from, found.age_to) == ("children", 6, 7)


def test_a_range_term_gives_both_ends():
    found = rules.audience_from_terms(["højtlæsning for 3-5 år"])
    assert (found.age_from, found.age_to) == (3, 5)


def test_fra_means_from_that_age_and_up():
    found = rules.audience_from_terms(["Fra 11 år"])
    assert (found.audience, found.age_from, found.age_to) == ("children", 11, None)


def test_material_for_sixteen_year_olds_is_adult():
    assert rules.audience_from_terms(["for 16 år"]).audience == "adult"


def test_children_marker_without_age_makes_childrens_material():
    assert rules.audience_from_terms(["Børnefilm"]).audience == "children"


def test_no_audience_terms_means_adult():
    found = rules.audience_from_terms(["krimi", "Danmark"])
    assert (found.audience, found.age_from) == ("adult", None)


def test_dk5_prefers_a_class_number_then_fiction():
    assert rules.dk5_from_terms(["sk", "99.4 Terkelsen, Ulla"]) == "99.4 Terkelsen, Ulla"
    assert rules.dk5_from_terms(["krimi", "Skønlitteratur"]) == "sk"
    assert rules.dk5_from_terms(["krimi"]) == ""


def test_subjects_leave_out_codes_class_numbers_and_age_terms():
    terms = ["!", "sk", "krimi", "Krimi", "for 6 år", "77.7", "Danmark", "÷"]
    assert rules.subjects_from_terms(terms) == ["krimi", "Danmark"]


def test_isbn10_becomes_isbn13_and_bad_check_digits_are_refused():
    assert rules.normalize_isbn("0-306-40615-2") == "9780306406157"
    assert rules.normalize_isbn("978-0-306-40615-7") == "9780306406157"
    assert rules.normalize_isbn("978-0-306-40615-8") is None
    assert rules.normalize_isbn("12345") is None


def test_languages_named_in_danish_become_codes():
    assert rules.language_code("Dansk") == "dan"
    assert rules.language_code("Flere sprog") == "mul"
    assert rules.language_code("eng") == "eng"
    assert rules.language_code("Klingon") == ""
    assert rules.language_code(None) == ""


def test_faust_number_is_the_local_part_of_a_pid():
    assert rules.faust_from_pid("870970-basis:29494940") == "29494940"
    assert rules.faust_from_pid("775100-katalog:abc") == ""
