from reol.search import rules


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
