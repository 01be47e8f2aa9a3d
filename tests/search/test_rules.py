from reol.search import rules
from reol.throttle import rules as throttle_rules


def test_case_and_accents_fold_but_danish_letters_stay():
    assert rules.fold("Élan Müller ÆBLE Øl Å") == "elan muller æble øl å"


def test_aa_is_the_old_spelling_of_å():
    assert rules.fold("Aalborg") == rules.fold("Ålborg") == "ålborg"


def test_snowball_stems_make_plural_and_singular_meet():
    assert rules.stems("krimier") == rules.stems("krimi")
    assert rules.stems("hundene") == rules.stems("hund")


def test_search_syntax_is_only_separators():
    assert rules.words('"(NEAR* -krimi: OR)"') == ["near", "krimi", "or"]


def test_a_pid_faust_or_isbn_is_recognised_as_the_whole_query():
    assert rules.identifier("870970-basis:29494940") == rules.Identifier(
        "pid", "870970-basis:29494940"
    )
    assert rules.identifier("29494940") == rules.Identifier("faust", "29494940")
    assert rules.identifier("0-306-40615-2") == rules.Identifier("isbn", "9780306406157")
    assert rules.identifier("krimi 2016") is None
    assert rules.identifier("2016") is None


def test_control_characters_and_runs_of_space_are_cleaned():
    assert rules.clean_query(" krimi\x00\t\n  hest\x1b ") == "krimi hest"


def test_an_answer_is_kept_when_broad_and_its_page_lies_in_the_kept_list():
    assert rules.worth_keeping(2000, 0, 20, threshold=2000, listed=500)
    assert not rules.worth_keeping(1999, 0, 20, threshold=2000, listed=500)
    assert not rules.worth_keeping(10**6, 0, 20, threshold=0, listed=500)  # 0: keep none
    assert rules.worth_keeping(10**6, 480, 20, threshold=2000, listed=500)
    assert not rules.worth_keeping(10**6, 481, 20, threshold=2000, listed=500)


def test_a_kept_list_serves_a_page_it_holds_or_every_hit():
    assert rules.list_reaches(False, 500, 480, 20)
    assert not rules.list_reaches(False, 499, 480, 20)  # a hit left the list
    assert rules.list_reaches(True, 30, 40, 20)  # past the last hit: an empty page


# --- Sorting -------------------------------------------------------------------------------

def test_titles_sort_in_the_danish_alphabet_with_æ_ø_å_after_z():
    titles = ["Åen", "Zebra", "Øen", "Æblet", "apollo", "Ålborg", "Aarhus", "Bjørn"]
    ordered = sorted(titles, key=rules.sort_order)
    assert ordered == ["apollo", "Bjørn", "Zebra", "Æblet", "Øen", "Åen", "Ålborg", "Aarhus"]


def test_sorting_ignores_case_accents_and_punctuation_and_reads_eleven_letters():
    assert rules.sort_order("Élan") == rules.sort_order("elan")
    assert rules.sort_order("Harry Potter!") == rules.sort_order("harry potter")
    assert rules.sort_order("a b") < rules.sort_order("ab")  # a word ends before a letter
    assert rules.sort_order("abcdefghijkl") == rules.sort_order("abcdefghijkX")
    assert 0 <= rules.sort_order("ååååååååååååå") < 2 ** 63


def test_creators_sort_by_surname_and_records_without_one_go_last():
    assert rules.creator_order(["Jussi Adler-Olsen"]) < rules.creator_order(["Anne Bakke"])
    assert rules.creator_order(["Sara Blædel (f. 1964)"]) == rules.creator_order(["Sara Blædel"])
    assert rules.creator_order([]) > rules.creator_order(["Åse Åstrup"])


# --- Everyday phrases ------------------------------------------------------------------------

def test_books_about_horses_means_books_about_horses():
    assert rules.everyday("bøger om heste") == rules.Phrase("heste", "about", (("type", "book"),))


def test_audiobooks_by_an_author_look_among_creators():
    assert rules.everyday("lydbøger af Jussi Adler-Olsen") == rules.Phrase(
        "Jussi Adler-Olsen", "creator", (("type", "audiobook"),))


def test_films_with_an_actor_are_films_with_the_name_anywhere():
    assert rules.everyday("film med Mads Mikkelsen") == rules.Phrase(
        "Mads Mikkelsen", "", (("type", "film"),))


def test_something_about_for_children_is_any_format_for_children():
    assert rules.everyday("noget om dinosaurer for børn") == rules.Phrase(
        "dinosaurer", "about", (("audience", "children"),))
    assert rules.everyday("børnebøger om heste") == rules.Phrase(
        "heste", "about", (("audience", "children"), ("type", "book")))


def test_plain_queries_are_searched_as_typed():
    for text in ("heste bøger", "krimi", "Bogen om Ruth", "om heste", "bøger om"):
        assert not rules.everyday(text).understood, text
    assert rules.everyday("Bogen om Ruth").text == "Bogen om Ruth"


# --- "Mente du …?" ---------------------------------------------------------------------------

def test_edits_count_additions_drops_changes_and_swaps():
    assert rules.distance("hest", "hest") == 0
    assert rules.distance("hst", "hest") == 1
    assert rules.distance("hesst", "hest") == 1
    assert rules.distance("hast", "hest") == 1
    assert rules.distance("hset", "hest") == 1
    assert rules.distance("dinosarer", "dinosaurer") == 1


def test_the_nearest_common_word_is_offered_and_short_words_are_left_alone():
    words = {"dinosaurer": 40, "dinosaur": 3, "heste": 12, "hest": 30}
    assert rules.best_spelling("dinosarer", words) == "dinosaurer"
    assert rules.best_spelling("hestt", words) == "hest"  # one edit from both: the commoner
    assert rules.best_spelling("xyzzy", words) is None
    assert rules.best_spelling("hst", words) is None  # three letters: no guessing


def test_a_word_within_one_edit_shares_a_deletion():
    assert ({"hest"} | rules.deletes("hest")) & ({"hset"} | rules.deletes("hset"))
    assert ({"hest"} | rules.deletes("hest")) & ({"hesst"} | rules.deletes("hesst"))


def test_a_clients_suggestion_budget_refills_over_a_minute_to_a_minutes_worth():
    assert throttle_rules.budget_left(0.0, 30.0, 120) == 60.0
    assert throttle_rules.budget_left(100.0, 3600.0, 120) == 120.0
    # a clock that stepped back gives nothing
    assert throttle_rules.budget_left(5.0, -1.0, 120) == 5.0
