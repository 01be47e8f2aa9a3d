"""What a cataloguer types, judged without a database: numbers, years, languages, barcodes."""

from reol.catalogue import validation


def test_isbn_check_digits_are_checked_and_both_lengths_stored_as_thirteen():
    assert validation.isbn("0-306-40615-2").value == "9780306406157"
    assert validation.isbn("978-87-02-17335-2").value == "9788702173352"
    assert validation.isbn("978-87-02-17335-8").problem == "bad_isbn"  # last digit wrong
    assert validation.isbn("0-306-40615-3").problem == "bad_isbn"
    assert validation.isbn("Kongens Fald").problem == "bad_isbn"


def test_issn_check_digit_is_checked():
    assert validation.issn("0317-8471").value == "0317-8471"
    assert validation.issn("03178471").value == "0317-8471"
    assert validation.issn("0317-8472").problem == "bad_issn"


def test_a_year_has_four_digits_and_is_at_most_next_year():
    assert validation.year("2026", 2026).value == "2026"
    assert validation.year("2027", 2026).value == "2027"  # announced for next year
    assert validation.year("2028", 2026).problem == "bad_year"
    assert validation.year("98", 2026).problem == "bad_year"
    assert validation.year("19988", 2026).problem == "bad_year"


def test_languages_are_marc_codes_and_the_terminology_code_becomes_the_bibliographic():
    assert validation.language("dan").value == "dan"
    assert validation.language("ENG").value == "eng"
    assert validation.language("deu").value == "ger"  # ISO 639-2/T written as MARC's B code
    assert validation.language("ger").value == "ger"
    assert validation.language("Dansk").value == "dan"  # as the Danish catalogue names it
    assert validation.language("da").problem == "bad_language"
    assert validation.language("xqz").problem == "bad_language"


def test_a_barcode_range_keeps_its_width_and_includes_both_ends():
    read = validation.barcodes("0005000123–0005000125")
    assert read.barcodes == ["0005000123", "0005000124", "0005000125"]
    assert validation.barcodes("5000123-5000222").barcodes[-1] == "5000222"
    assert len(validation.barcodes("5000123-5000222").barcodes) == 100


def test_a_scanned_list_may_mix_lines_commas_and_ranges():
    read = validation.barcodes("A1\nA2, A3\n\n10-12")
    assert read.barcodes == ["A1", "A2", "A3", "10", "11", "12"]
    assert not read.unreadable and not read.repeated


def test_barcodes_given_twice_and_unreadable_ones_are_all_named():
    read = validation.barcodes("111\n222\n111\n33/3\n50-40\n222")
    assert read.repeated == ["111", "222"]
    assert read.unreadable == ["33/3", "50-40"]  # a range that runs backwards


def test_a_range_too_long_is_refused_whole():
    assert validation.barcodes("1-5000").too_many
    assert validation.barcodes("\n".join(str(n) for n in range(1001))).too_many
    assert not validation.barcodes("1-1000").too_many
