"""Danish for collection advice and recommendations (reol/collection, reol/insight's holds
ratio, weeding, collection profile, policy page and the record page's recommendations)."""

DANISH = {
    # models and back office
    "title": "titel", "copies": "eksemplarer", "ordered": "bestilt", "received": "modtaget",
    "order": "bestilling", "orders": "bestillinger",
    "purchase policy": "indkøbspolitik", "weeding policy": "kassationspolitik",
    "weed after years without a loan": "kassér efter antal år uden udlån",
    "buy when reservations per copy exceed": "køb når reserveringer pr. eksemplar overstiger",
    "collection policy": "materialepolitik", "collection policies": "materialepolitikker",
    # recommendations on the record page
    "Recommendations": "Anbefalinger",
    "Others who borrowed this also borrowed": "Andre, der lånte denne, lånte også",
    "%(counter)s borrower": ("%(counter)s låner", "%(counter)s lånere"),
    "Similar titles": "Lignende titler",
    # shared table headings
    "Titles": "Titler", "Copies": "Eksemplarer", "Loans per copy": "Udlån pr. eksemplar",
    "Nothing to show.": "Intet at vise.",
    # holds ratio
    "Buying by demand": "Indkøb efter efterspørgsel",
    "Titles with more waiting reservations per loanable copy than the threshold. Copies to "
    "buy bring the queue down to the threshold, less the copies already on order.":
        "Titler med flere ventende reserveringer pr. udlånbart eksemplar end grænsen. Antal "
        "at købe bringer køen ned på grænsen, fratrukket de eksemplarer, der allerede er "
        "bestilt.",
    "The whole network": "Hele netværket",
    "Reservations per copy above": "Reserveringer pr. eksemplar over",
    "The threshold must be a number greater than 0; the library's own threshold is used.":
        "Grænsen skal være et tal større end 0; bibliotekets egen grænse bruges.",
    "%(counter)s title over the threshold": ("%(counter)s titel over grænsen",
                                             "%(counter)s titler over grænsen"),
    "%(counter)s copy to buy": ("%(counter)s eksemplar at købe",
                                "%(counter)s eksemplarer at købe"),
    "Loanable copies": "Udlånbare eksemplarer", "Per copy": "Pr. eksemplar",
    "On order": "Bestilt", "To buy": "At købe",
    "No title has more reservations per copy than the threshold.":
        "Ingen titel har flere reserveringer pr. eksemplar end grænsen.",
    # public policy page
    "Collection policy of %(name)s": "Materialepolitik for %(name)s",
    "What we buy": "Det køber vi",
    "The library has not published a purchase policy yet.":
        "Biblioteket har endnu ikke offentliggjort en indkøbspolitik.",
    "When more than %(n)s people wait per copy of a title, we consider buying more copies.":
        "Når mere end %(n)s venter pr. eksemplar af en titel, overvejer vi at købe flere.",
    "What we weed": "Det kasserer vi",
    "The library has not published a weeding policy yet.":
        "Biblioteket har endnu ikke offentliggjort en kassationspolitik.",
    "A copy no one has borrowed for %(counter)s year is considered for weeding.": (
        "Et eksemplar, som ingen har lånt i %(counter)s år, overvejes kasseret.",
        "Et eksemplar, som ingen har lånt i %(counter)s år, overvejes kasseret."),
    "Updated %(day)s.": "Opdateret %(day)s.",
    # collection profile
    "Collection profile: %(name)s": "Samlingsprofil: %(name)s",
    "Loans from": "Udlån fra", "to": "til",
    "%(copies)s copies of %(titles)s titles; %(loans)s loans in the period":
        "%(copies)s eksemplarer af %(titles)s titler; %(loans)s udlån i perioden",
    "%(n)s loans per copy": "%(n)s udlån pr. eksemplar",
    "By material type": "Efter materialetype", "By audience": "Efter målgruppe",
    "By language": "Efter sprog",
    "By subject (the 25 largest; a title counts under each of its subjects)":
        "Efter emne (de 25 største; en titel tæller under hvert af sine emner)",
    "Most loans per copy": "Flest udlån pr. eksemplar",
    "Fewest loans per copy": "Færrest udlån pr. eksemplar",
    "Languages held and languages asked for": "Sprog i samlingen og sprog, der efterspørges",
    "Share of the collection": "Andel af samlingen",
    "of which interlibrary requests": "heraf fjernlånsbestillinger",
    "Share of reservations": "Andel af reserveringerne",
    "(asked for more than held)": "(efterspurgt mere end det findes i samlingen)",
    "Asked for: reservations placed by the library's patrons in the period, by the title's "
    "language; an interlibrary request begins as a reservation, so it is counted once.":
        "Efterspurgt: reserveringer foretaget af bibliotekets lånere i perioden, efter "
        "titlens sprog; en fjernlånsbestilling begynder som en reservering og tælles derfor "
        "kun én gang.",
    # weeding
    "Weeding": "Kassation", "Weeding: %(name)s": "Kassation: %(name)s",
    "Copies no one has borrowed for %(counter)s year, shelf by shelf, as the event log tells "
    "it. Titles published within that year are left out.": (
        "Eksemplarer, som ingen har lånt i %(counter)s år, hylde for hylde, efter "
        "hændelsesloggen. Titler udgivet inden for det år er udeladt.",
        "Eksemplarer, som ingen har lånt i %(counter)s år, hylde for hylde, efter "
        "hændelsesloggen. Titler udgivet inden for de år er udeladt."),
    "The library's weeding policy": "Bibliotekets kassationspolitik",
    "Not lent for (years)": "Ikke udlånt i (år)",
    "Years must be a whole number from 1 to 100; the library's own period is used.":
        "Antal år skal være et helt tal fra 1 til 100; bibliotekets egen periode bruges.",
    "%(counter)s copy to consider.": ("%(counter)s eksemplar at overveje.",
                                      "%(counter)s eksemplarer at overveje."),
    "No shelf": "Ingen hylde", "%(n)s of %(total)s copies": "%(n)s af %(total)s eksemplarer",
    "Last lent": "Sidst udlånt",
    "Never, as far as the log reaches": "Aldrig, så langt loggen rækker",
    "Every copy has been lent within the period.":
        "Alle eksemplarer er udlånt inden for perioden.",
}
