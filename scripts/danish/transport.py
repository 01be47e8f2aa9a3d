"""Danish for the transport scheme, the grant key and the interlibrary-loan figures
(reol/transport, reol/sharing/grant.py, figures.py, the allocate command)."""

DANISH = {
    "Cannot read %(file)s: %(error)s": "Kan ikke læse %(file)s: %(error)s",
    "The central-library grant": "Centralbibliotekstilskuddet",
    "Central library": "Centralbibliotek", "Base": "Basis",
    "By municipalities": "Efter kommuner", "By population": "Efter indbyggertal",
    "Total": "I alt", "Percent": "Procent", "Received": "Modtaget",
    "The date must be YYYY-MM-DD.": "Datoen skal skrives ÅÅÅÅ-MM-DD.",
    "No library has the agency number %s.": "Intet bibliotek har biblioteksnummeret %s.",
    "Nothing to sort.": "Intet at sortere.", "Nothing to pack.": "Intet at pakke.",
    "national route": "national rute", "library": "bibliotek",
    "Empty: this hub sorts.": "Tom: dette knudepunkt sorterer selv.",
    "Working days from arrival at the sorting hub to departure.":
        "Arbejdsdage fra ankomst til sorteringen til afgang.",
    "Weekdays the van calls, 0 = Monday … 6 = Sunday.":
        "Ugedage bilen kommer, 0 = mandag … 6 = søndag.",
    "Crate to %(name)s (%(code)s), national route":
        "Kasse til %(name)s (%(code)s), national rute",
    "Crate to %(code)s %(name)s": "Kasse til %(code)s %(name)s",
    "Library number": "Biblioteksnummer", "Expected": "Forventet", "Supplied": "Leveret",
    "Per month: received / supplied": "Pr. måned: modtaget / leveret",
    "No interlibrary loans received this year.": "Ingen fjernlån modtaget i år.",
    "Interlibrary loans %(year)s": "Fjernlån %(year)s",
    "National total: %(total)s physical interlibrary loans, %(percent)s %% of the yearly "
    "target of %(target)s (the target's pace to date: %(expected)s).":
        "I alt på landsplan: %(total)s fysiske fjernlån, %(percent)s %% af årsmålet på "
        "%(target)s (målets tempo til dato: %(expected)s).",
    "Per month, nationally": "Pr. måned, på landsplan",
    "Per central library (its region's libraries together)":
        "Pr. centralbibliotek (regionens biblioteker samlet)",
    "Per library": "Pr. bibliotek",
    "%(total)s kr. split by the key: 40 %% as an equal base, 30 %% by the number of "
    "municipalities in the region, 30 %% by the region's population on 1 January 2020. Each "
    "amount is rounded to whole kroner from its own exact value, so the columns may differ "
    "from the total by a krone or two.":
        "%(total)s kr. fordelt efter nøglen: 40 %% som ligelig basis, 30 %% efter antallet af "
        "kommuner i regionen, 30 %% efter regionens indbyggertal 1. januar 2020. Hvert beløb "
        "afrundes til hele kroner fra sin egen nøjagtige værdi, så kolonnerne kan afvige fra "
        "totalen med en krone eller to.",
    "The grant per central library (kr.)": "Tilskuddet pr. centralbibliotek (kr.)",
    "Municipalities": "Kommuner", "Population": "Indbyggertal",
    "Other figures: reol allocate --total DKK --regions FILE.csv [--shares 40,30,30] [--json]":
        "Andre tal: reol allocate --total DKK --regions FIL.csv [--shares 40,30,30] [--json]",
    "Pack list for %(name)s": "Pakkeliste for %(name)s",
    "The van calls this day.": "Bilen kommer denne dag.",
    "No van this day; the next calls %(day)s.": "Ingen bil denne dag; den næste kommer %(day)s.",
    "Nothing to pack for this day's van.": "Intet at pakke til dagens bil.",
    "Sorting at %(name)s": "Sortering i %(name)s", "Sorting hubs": "Sorteringscentraler",
    "Copies arriving for sorting this day, in crates per destination; each slip gives the "
    "receiving library's number.":
        "Eksemplarer der ankommer til sortering denne dag, i kasser pr. modtager; hver "
        "rutelap viser det modtagende biblioteks nummer.",
    "Nothing to sort this day.": "Intet at sortere denne dag.",
    "Where is the copy?": "Hvor er eksemplaret?", "Find": "Find",
    "Not in transit: at %(place)s.": "Ikke undervejs: på %(place)s.",
    "In transit, but a library on the way has no route to a hub.":
        "Undervejs, men et bibliotek på vejen har ingen rute til et knudepunkt.",
    "Collected at": "Hentet på", "Hub": "Knudepunkt", "Sorted at": "Sorteret i",
    "Delivered to": "Leveret til", "arrived": "ankommet", "here by the plan": "her efter planen",
    "Expected delivery: %(day)s.": "Forventet levering: %(day)s.",
    "Sorting list": "Sorteringsliste", "Pack list": "Pakkeliste", "Crate": "Kasse",
    "expected": "forventet",
    "received / supplied": "modtaget / leveret",
}
