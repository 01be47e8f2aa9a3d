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


def test_relator_codes_leave_the_name_and_become_roles():
    assert rules.contributor("Adler-Olsen Jussi ant") == rules.Contributor(
        "Jussi Adler-Olsen", ("ant",))
    assert rules.contributor("Dodd Peter drt aus").roles == ("drt", "aus")
    assert rules.contributor("Lund Henrik f. 1956 aut ill") == rules.Contributor(
        "Henrik Lund (f. 1956)", ("aut", "ill"))


def test_an_inverted_name_is_turned_as_the_catalogue_writes_it_elsewhere():
    known = {"Kim Fupz Aakeson": 17, "Aakeson Kim Fupz": 3, "Kirsten Kjær Olsen": 1}
    assert rules.contributor("Ꜳkeson Kim Fupz", known).name == "Kim Fupz Aakeson"
    assert rules.contributor("Kim Fupz Ꜳkeson", known).name == "Kim Fupz Aakeson"
    assert rules.contributor("Kjær Olsen Kirsten com", known).name == "Kirsten Kjær Olsen"
    assert rules.contributor("Trier Lars von").name == "Lars von Trier"
    assert rules.contributor("Miller George f. 1945").name == "George Miller (f. 1945)"
    assert rules.contributor("Ole Lund Kirkegꜳrd").name == "Ole Lund Kirkegaard"


def test_roles_are_said_in_danish_and_a_plain_author_needs_no_word():
    assert rules.role_names(["drt"]) == ["instruktør"]
    assert rules.role_names(["nrt"]) == ["fortæller"]
    assert rules.role_names(["aut"]) == []
    assert rules.role_names(["aut", "ill"], "en") == ["author", "illustrator"]


def test_legacy_letters_are_written_as_today():
    assert rules.clean_text("Nørgꜳrd") == "Nørgaard"
    assert rules.clean_text("Ꜳrhus Frimærkehandel") == "Aarhus Frimærkehandel"
    assert rules.clean_text("AAlborg") == "Aalborg"
    assert rules.clean_text("Dvor\u030ca\u0301k") == "Dvořák"


def test_terms_are_sorted_into_subjects_genres_and_what_only_finds_the_record():
    found = rules.sort_terms(["Se: Firmaknuseren", "Klassesæt", "AAlborg", "krimi", "Krimi",
                              "Billedbøger sk", "sk", "Lix 6", "for 6 år", "77.7", "Danmark",
                              "Anbefales: 3. klasse", "let at læse"])
    assert found.subjects == ["Aalborg", "Danmark"]
    assert found.genres == ["Krimi", "Billedbøger"]
    assert found.hidden == ["Firmaknuseren", "Klassesæt", "Lix 6", "Anbefales: 3. klasse",
                            "let at læse"]


def test_title_and_subtitle_as_a_reader_sees_them():
    assert rules.title_parts("Den grænseløse : krimithriller") == ("Den grænseløse",
                                                                   "Krimithriller")
    assert rules.title_parts("Spis maven flad : sådan gør du! : 111 skønne opskrifter") == (
        "Spis maven flad", "Sådan gør du! – 111 skønne opskrifter")
    assert rules.title_parts("Fifty shades") == ("Fifty shades", "")


def test_dk5_is_named_by_its_most_specific_known_class_or_not_at_all():
    assert rules.dk5_name("sk") == "Skønlitteratur"
    assert rules.dk5_name("77.74") == "Børnefilm"
    assert rules.dk5_name("99.4 Zornig Andersen, Lisbeth") == "Biografier"
    assert rules.dk5_name("64.641") == "Strikning"
    assert rules.dk5_name("") == ""


def test_a_generated_cover_takes_its_colour_from_the_genre():
    crime = rules.cover_colours(["Skønlitteratur", "Krimi"], "book")
    assert crime == rules.cover_colours(["Thriller"], "book")
    assert crime != rules.cover_colours(["Fantasy"], "book")
    assert rules.cover_colours([], "film") == rules.cover_colours(["Spillefilm"], "book")
    assert rules.cover_lines("Kaptajn Underhyler og de onde zombienørder fra rummet", 14, 3)[
        -1].endswith("…")
