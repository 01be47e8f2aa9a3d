"""Danish for events, registration, partners and their mail (reol/events)."""

DANISH = {
    "Show": "Vis", "For": "For", "Everyone": "Alle", "Kind of event": "Type arrangement",
    "All kinds": "Alle typer", "All libraries": "Alle biblioteker", "Your email": "Din e-mail",
    "Number of people": "Antal personer", "Or an outside venue": "Eller et sted uden for huset",
    "Address of the venue": "Stedets adresse", "Duration (minutes)": "Varighed (minutter)",
    "Setup before (minutes)": "Klargøring før (minutter)",
    "Teardown after (minutes)": "Oprydning efter (minutter)",
    "Repeats (RFC 5545 rule)": "Gentages (RFC 5545-regel)",
    "E.g. FREQ=WEEKLY;BYDAY=WE · FREQ=MONTHLY;BYDAY=2WE,4WE · FREQ=MONTHLY;BYDAY=-1SA. "
    "Empty: once.": "Fx FREQ=WEEKLY;BYDAY=WE · FREQ=MONTHLY;BYDAY=2WE,4WE · "
                    "FREQ=MONTHLY;BYDAY=-1SA. Tom: én gang.",
    "Also on these dates": "Også på disse datoer",
    "YYYY-MM-DD, separated by commas": "ÅÅÅÅ-MM-DD, adskilt af kommaer",
    "Not on these dates": "Ikke på disse datoer", "Places": "Pladser",
    "Empty: no limit": "Tom: ingen grænse", "Registration needed": "Kræver tilmelding",
    "Registration opens (days before)": "Tilmeldingen åbner (dage før)",
    "Price (kr.)": "Pris (kr.)", "Partners": "Samarbejdspartnere",
    "Sustainable Development Goals": "Verdensmål",
    "Numbers 1–17, separated by commas": "Numrene 1–17, adskilt af kommaer",
    "Apply the change to": "Ændringen gælder", "This occurrence": "Denne gang",
    "This and the following": "Denne og de følgende",
    "All that have not taken place": "Alle, der ikke har fundet sted",
    "Registered who came": "Tilmeldte, der kom", "Young people": "Unge", "Seniors": "Seniorer",
    "Families": "Familier", "Talks and author meetings": "Foredrag og forfattermøder",
    "Cafés": "Caféer", "Workshops": "Værksteder",
    "Theatre and performances": "Teater og forestillinger",
    "Reading and literature": "Læsning og litteratur", "Digital help": "Digital hjælp",
    "Festivals": "Festivaler", "Democracy and society": "Demokrati og samfund",
    "Outside the library": "Uden for biblioteket", "0–13 years": "0–13 år",
    "14–17 years": "14–17 år", "18–29 years": "18–29 år", "30–49 years": "30–49 år",
    "50–66 years": "50–66 år", "67 years and over": "67 år og derover",
    "Where it happens; empty for an outside venue.": "Hvor det foregår; tom for et sted uden "
                                                     "for huset.",
    "Scheduled": "Planlagt", "Registered": "Tilmeldt", "On the waiting list": "På venteliste",
    "Registration": "Tilmelding",
    "No registration is needed: just come.": "Der er ingen tilmelding: bare mød op.",
    "No limit on places.": "Ingen grænse for antal pladser.",
    "No places left: register for the waiting list.":
        "Ingen ledige pladser: skriv dig på ventelisten.",
    "%(n)s place left.": ("%(n)s ledig plads.", "%(n)s ledige pladser."),
    "You are on the waiting list (%(n)s person).": ("Du er på ventelisten (%(n)s person).",
                                                    "Du er på ventelisten (%(n)s personer)."),
    "You are registered (%(n)s person).": ("Du er tilmeldt (%(n)s person).",
                                           "Du er tilmeldt (%(n)s personer)."),
    "Cancel my registration": "Afmeld mig", "Registering as %(name)s.": "Du tilmelder dig som "
                                                                        "%(name)s.",
    "Register with your name and email, or log in with your library card.":
        "Tilmeld dig med navn og e-mail, eller log ind med dit lånerkort.",
    "Join the waiting list": "Skriv mig på ventelisten", "Sign up": "Tilmeld",
    "Events": "Arrangementer", "Filter events": "Filtrér arrangementer",
    "%(n)s event from %(start)s to %(end)s": ("%(n)s arrangement fra %(start)s til %(end)s",
                                              "%(n)s arrangementer fra %(start)s til %(end)s"),
    "Narrow the search to see them all.": "Afgræns søgningen for at se dem alle.",
    "Full — waiting list": "Fuldt — venteliste",
    "%(n)s place left": ("%(n)s ledig plads", "%(n)s ledige pladser"),
    "No events match. Try other dates or filters.":
        "Ingen arrangementer passer. Prøv andre datoer eller filtre.",
    "Subscribe in your calendar": "Abonnér i din kalender",
    "All events (iCalendar)": "Alle arrangementer (iCalendar)",
    "Cancel registration": "Afmeld tilmelding",
    "Your registration is cancelled. Thank you for letting us know.":
        "Din tilmelding er afmeldt. Tak fordi du sagde til.",
    "%(name)s, %(n)s person.": ("%(name)s, %(n)s person.", "%(name)s, %(n)s personer."),
    "Price": "Pris", "Free of charge": "Gratis",
    "This event has been cancelled.": "Arrangementet er aflyst.",
    "All events": "Alle arrangementer",
    "Cannot come after all? Cancel here, so someone on the waiting list gets your place:":
        "Kan du alligevel ikke komme? Afmeld her, så en på ventelisten får din plads:",
    "Best regards, the library": "Venlig hilsen biblioteket", "When:": "Hvornår:",
    "Where:": "Hvor:", "Places:": "Pladser:", "Cancelled: %(title)s": "Aflyst: %(title)s",
    "We are sorry: the event has been cancelled.": "Vi beklager: arrangementet er aflyst.",
    "You have a place: %(title)s": "Du har fået en plads: %(title)s",
    "A place has become free, and it is yours: you were first on the waiting list and are now "
    "registered.": "Der er blevet en plads ledig, og den er din: du stod først på ventelisten "
                   "og er nu tilmeldt.",
    "You are registered: %(title)s": "Du er tilmeldt: %(title)s",
    "You are registered for:": "Du er tilmeldt:",
    "Tomorrow: %(title)s": "I morgen: %(title)s",
    "A reminder: you are registered for this event.":
        "En påmindelse: du er tilmeldt dette arrangement.",
    "On the waiting list: %(title)s": "På ventelisten: %(title)s",
    "The event is full, so you are on the waiting list. We write to you as soon as a place is "
    "yours.": "Arrangementet er fuldt, så du er på ventelisten. Vi skriver, så snart der er en "
              "plads til dig.",
    "Contacts": "Kontaktpersoner", "Activities": "Aktiviteter",
    "No activities yet.": "Ingen aktiviteter endnu.", "Exhibition": "Udstilling",
    "Nothing planned right now.": "Intet planlagt lige nu.",
    "No partners yet.": "Ingen samarbejdspartnere endnu.", "New event": "Nyt arrangement",
    "Occurrences from last week to two months ahead":
        "Arrangementer fra sidste uge til to måneder frem",
    "Event": "Arrangement", "House closed that day": "Huset er lukket den dag",
    "No events in this period.": "Ingen arrangementer i perioden.",
    "Registrations": "Tilmeldinger", "People": "Personer", "Nobody yet.": "Ingen endnu.",
    "Attendance": "Fremmøde", "Participants by age group": "Deltagere efter aldersgruppe",
    "Age group": "Aldersgruppe", "Walk-ins": "Uden tilmelding",
    "Save attendance": "Gem fremmøde", "Cancel this occurrence": "Aflys denne gang",
    "Change": "Ændr", "Save the change": "Gem ændringen", "Create event": "Opret arrangement",
    "You are registered. We have sent you an email with a link to cancel.":
        "Du er tilmeldt. Vi har sendt dig en e-mail med et link til afmelding.",
    "The event is full: you are on the waiting list. We write when a place is yours.":
        "Arrangementet er fuldt: du er på ventelisten. Vi skriver, når der er en plads til dig.",
    "Events at the library": "Arrangementer på biblioteket",
    "The event was created with %(n)d occurrences.":
        "Arrangementet er oprettet med %(n)d gange.",
    "The change was saved.": "Ændringen er gemt.",
    "The occurrence was cancelled; those registered are told.":
        "Gangen er aflyst; de tilmeldte får besked.",
    "Attendance saved: %(n)d participants.": "Fremmøde gemt: %(n)d deltagere.",
    "Add to calendar": "Tilføj til kalender",
}
