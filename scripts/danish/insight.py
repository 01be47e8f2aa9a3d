"""Danish for statistics, the yearly report and the dashboard (reol/insight)."""

DANISH = {
    # statistics.py
    "Interlibrary loans received": "Fjernlån modtaget",
    "Interlibrary loans supplied": "Fjernlån leveret",
    "Visitors": "Besøgende",
    "Open-library entries": "Indgange i åbent bibliotek",
    "Bookmobile visitors": "Besøgende i bogbussen",
    "Citizens helped by volunteers": "Borgere hjulpet af frivillige",
    "Not stated": "Ikke angivet",
    "Participants": "Deltagere",
    # report.py
    "Novel": "Roman",
    "Crime": "Krimi",
    "Picture book": "Billedbog",
    "Non-fiction": "Faglitteratur",
    # dashboard.py
    "Nothing was counted in either year.": "Der blev ikke talt noget i nogen af årene.",
    "Largest in %(year)s: %(label)s with %(now)s (%(before)s: %(then)s).":
        "Størst i %(year)s: %(label)s med %(now)s (%(before)s: %(then)s).",
    "Loans per month": "Udlån pr. måned",
    "Loans in %(year)s: %(now)s; in %(before)s: %(then)s (%(change)s). Busiest month of "
    "%(year)s: %(month)s.":
        "Udlån i %(year)s: %(now)s; i %(before)s: %(then)s (%(change)s). Travleste måned i "
        "%(year)s: %(month)s.",
    "Loans per branch": "Udlån pr. filial",
    "Loans by material type": "Udlån pr. materialetype",
    "Loans for children and adults": "Udlån til børn og voksne",
    "Events and participants": "Arrangementer og deltagere",
    "%(year)s: %(events)s events with %(people)s participants; %(before)s: %(events_b)s "
    "events with %(people_b)s participants. Each row has its own scale.":
        "%(year)s: %(events)s arrangementer med %(people)s deltagere; %(before)s: "
        "%(events_b)s arrangementer med %(people_b)s deltagere. Hver række har sin egen skala.",
    "Received from other libraries": "Modtaget fra andre biblioteker",
    "Supplied to other libraries": "Leveret til andre biblioteker",
    "Interlibrary balance": "Fjernlånsbalance",
    "In %(year)s the library received %(received)s and supplied %(supplied)s interlibrary "
    "loans: a balance of %(balance)s (%(before)s: %(balance_b)s).":
        "I %(year)s modtog biblioteket %(received)s og leverede %(supplied)s fjernlån: en "
        "balance på %(balance)s (%(before)s: %(balance_b)s).",
    "visitors": "besøgende",
    # views.py and the pages
    "Month": "Måned",
    "Statistics": "Statistik",
    "Dashboard": "Ledelsesoverblik",
    "Dashboard: %(name)s": "Ledelsesoverblik: %(name)s",
    "%(name)s: %(year)s beside %(previous)s": "%(name)s: %(year)s ved siden af %(previous)s",
    "Yearly report %(year)s": "Årsrapport %(year)s",
    "%(title)s: the figures": "%(title)s: tallene",
    "Did you know? %(name)s %(year)s": "Vidste du? %(name)s %(year)s",
    "Did you know?": "Vidste du?",
    "%(name)s in %(year)s": "%(name)s i %(year)s",
    "The year in figures, counted from the library's own records (agency %(agency)s).":
        "Året i tal, talt i bibliotekets egne registreringer (biblioteksnummer %(agency)s).",
    "The figures": "Tallene",
    "loans of materials for adults": "udlån af materialer til voksne",
    "loans of materials for children": "udlån af materialer til børn",
    "renewals": "fornyelser",
    "reservations": "reserveringer",
    "materials received from other libraries through the national lending cooperation":
        "materialer modtaget fra andre biblioteker gennem det landsdækkende udlånssamarbejde",
    "materials lent to other libraries": "materialer lånt ud til andre biblioteker",
    "(of them %(n)s in the bookmobile)": "(heraf %(n)s i bogbussen)",
    "entries in open-library hours": "besøg i det åbne biblioteks timer",
    "citizens helped by volunteers": "borgere hjulpet af frivillige",
    "events with %(n)s participants": "arrangementer med %(n)s deltagere",
    "Most-loaned titles": "Mest udlånte titler",
    "The most-loaned books of %(year)s by category":
        "De mest udlånte bøger i %(year)s efter kategori",
    "Category": "Kategori",
    "No loans this year.": "Ingen udlån i år.",
    "Loans count every checkout; renewals are counted apart. Visitors are the houses' door "
    "counts, the bookmobile's included. A novel is adult fiction, a crime novel has the "
    "subject “krimi”, a picture book is for children with the subject “billedbøger”, "
    "non-fiction has a DK5 class number. Comics and children's novels are on no list.":
        "Udlån tæller hvert udlån; fornyelser tælles for sig. Besøgende er husenes "
        "dørtællinger, bogbussens medregnet. En roman er skønlitteratur for voksne, en krimi "
        "har emnet “krimi”, en billedbog er for børn med emnet “billedbøger”, faglitteratur "
        "har et DK5-klassenummer. Tegneserier og børneromaner er ikke på listerne.",
    "The figures as JSON": "Tallene som JSON",
    "Print the page, or save it as PDF from the print dialogue: it is laid out for A4.":
        "Udskriv siden, eller gem den som PDF fra udskriftsdialogen: den er sat op til A4.",
    "From the event log, %(start)s to %(end)s.": "Fra hændelsesloggen, %(start)s til %(end)s.",
    "All libraries.": "Alle biblioteker.",
    "All branches": "Alle filialer",
    "Split by": "Opdel efter",
    "Download CSV": "Hent CSV",
    "Download JSON": "Hent JSON",
    "In the period": "I perioden",
    "Figures by %(by)s": "Tal pr. %(by)s",
    "Nothing was counted in this period.": "Der blev ikke talt noget i perioden.",
    "Door counts, events and volunteers cannot be split by material type or audience; they "
    "are in the figures above. Interlibrary loans supplied are counted per library, not per "
    "branch. Citizens helped by volunteers are counted for the whole years of the period.":
        "Dørtællinger, arrangementer og frivillige kan ikke opdeles efter materialetype eller "
        "målgruppe; de står i tallene ovenfor. Leverede fjernlån tælles pr. bibliotek, ikke pr. "
        "filial. Borgere hjulpet af frivillige tælles for periodens hele år.",
}
