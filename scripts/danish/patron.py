"""Danish for the patron's own pages: log in, loans, reservations, profile, history, reserve."""

DANISH = {
    # log in and out
    "Library card number": "Lånerkortnummer", "PIN": "PIN-kode",
    "Log in with your library card number and PIN to see your loans and reservations.":
        "Log ind med dit lånerkortnummer og din PIN-kode for at se dine lån og reserveringer.",
    "Forgotten your PIN? Ask at the library, and bring your card and ID.":
        "Har du glemt din PIN-kode? Spørg på biblioteket, og tag kort og legitimation med.",
    "You are logged out.": "Du er logget ud.", "Log out": "Log ud",
    # the patron's menu
    "My loans": "Mine lån", "My reservations": "Mine reserveringer",
    "My profile": "Min profil", "Loan history": "Lånehistorik",
    "Your card is blocked.": "Dit lånerkort er spærret.",
    "You cannot borrow, renew or reserve until the library lifts the block.":
        "Du kan ikke låne, forny eller reservere, før biblioteket ophæver spærringen.",
    # loans
    "%(counter)s loan renewed.": ("%(counter)s lån er fornyet.", "%(counter)s lån er fornyet."),
    "%(counter)s loan could not be renewed; the reason is shown beside it.": (
        "%(counter)s lån kunne ikke fornyes; grunden står ved lånet.",
        "%(counter)s lån kunne ikke fornyes; grunden står ved hvert lån."),
    "You have %(counter)s loan": ("Du har %(counter)s lån", "Du har %(counter)s lån"),
    "Title": "Titel", "Due": "Afleveres", "Renewed": "Fornyet", "Borrowed at": "Lånt på",
    "Renew": "Forny", "Renewed.": "Fornyet.", "%(used)s of %(most)s": "%(used)s af %(most)s",
    "Renew all": "Forny alle",
    "A loan cannot be renewed when another patron is waiting for it or when it has been "
    "renewed as often as the rules allow. A renewal runs from today.":
        "Et lån kan ikke fornyes, når en anden låner venter på det, eller når det er fornyet "
        "så mange gange, som reglerne tillader. En fornyelse gælder fra i dag.",
    "You have nothing on loan right now.": "Du har ingen lån lige nu.",
    "Find something to borrow": "Find noget at låne",
    # reservations
    "All your reservations are paused from %(start)s to %(end)s.":
        "Alle dine reserveringer er sat på pause fra %(start)s til %(end)s.",
    "Change in your profile": "Ret i din profil",
    "Number %(n)s in the queue": "Nummer %(n)s i køen",
    "estimated wait about %(days)s days": "forventet ventetid cirka %(days)s dage",
    "Paused from %(start)s to %(end)s": "På pause fra %(start)s til %(end)s",
    "A copy is on its way to you.": "Et eksemplar er på vej til dig.",
    "pickup number %(number)s, collect by %(deadline)s":
        "afhentningsnummer %(number)s, hentes senest %(deadline)s",
    "Pick up at": "Afhentes på", "Not needed after": "Interessedato", "Reserved": "Reserveret",
    "Change pickup": "Skift afhentningssted", "Resume": "Genoptag", "Pause": "Sæt på pause",
    "Cancel reservation": "Slet reservering",
    "While a reservation is paused you keep your place in the queue, but no copy is sent "
    "to you.": "Mens en reservering er på pause, beholder du din plads i køen, men der sendes "
               "ikke noget eksemplar til dig.",
    "You have no reservations.": "Du har ingen reserveringer.",
    "Search the catalogue to reserve something": "Søg i kataloget for at reservere noget",
    "Your reservation of “%(title)s” is cancelled.":
        "Din reservering af »%(title)s« er slettet.",
    "The reservation of “%(title)s” is active again.":
        "Reserveringen af »%(title)s« er aktiv igen.",
    "Give the first and the last day of the pause.":
        "Angiv første og sidste dag i pausen.",
    "The reservation of “%(title)s” is paused from %(start)s to %(end)s.":
        "Reserveringen af »%(title)s« er sat på pause fra %(start)s til %(end)s.",
    "You will pick up “%(title)s” at %(place)s.": "Du henter »%(title)s« på %(place)s.",
    # reserving from the record page
    "Reserve": "Reservér", "Log in to reserve": "Log ind for at reservere",
    "If no copy is ready for you by this date, the reservation ends by itself.":
        "Er der ikke et eksemplar klar til dig inden denne dato, ophører reserveringen af "
        "sig selv.",
    "Copy": "Eksemplar", "Any copy (fastest)": "Et hvilket som helst eksemplar (hurtigst)",
    "You have reserved this title. You are number %(n)s in the queue.":
        "Du har reserveret titlen. Du er nummer %(n)s i køen.",
    "You have reserved this title. A copy is on its way to you.":
        "Du har reserveret titlen. Et eksemplar er på vej til dig.",
    "You have reserved this title. It is ready for you at %(branch)s, pickup number "
    "%(number)s.": "Du har reserveret titlen. Den ligger klar til dig på %(branch)s, "
                   "afhentningsnummer %(number)s.",
    "No copy can be reserved right now.": "Der er ingen eksemplarer, der kan reserveres lige nu.",
    "You have reserved “%(title)s”. You are number %(n)d in the queue.":
        "Du har reserveret »%(title)s«. Du er nummer %(n)d i køen.",
    "You have reserved “%(title)s”. A copy is on its way to you.":
        "Du har reserveret »%(title)s«. Et eksemplar er på vej til dig.",
    # profile
    "%(name)s, card %(card)s, %(library)s": "%(name)s, kort %(card)s, %(library)s",
    "Your details": "Dine oplysninger", "Contact and notices": "Kontakt og beskeder",
    "Reservations": "Reserveringer", "Save": "Gem", "Change PIN": "Skift PIN-kode",
    "Pause from": "Pause fra", "Pause until": "Pause til",
    "Preferred pickup branch": "Foretrukket afhentningssted", "Mobile phone": "Mobilnummer",
    "Send notices by email": "Send beskeder på e-mail",
    "Send notices by SMS": "Send beskeder på sms",
    "Usual interest period (days)": "Sædvanlig interesseperiode (dage)",
    "How long you usually want to wait for a reservation: 7 to 730 days. Empty: the "
    "library's standard.": "Hvor længe du plejer at ville vente på en reservering: 7 til 730 "
                           "dage. Tomt: bibliotekets standard.",
    "Pause all reservations from": "Sæt alle reserveringer på pause fra",
    "Pause all reservations until": "Sæt alle reserveringer på pause til",
    "While paused, your place in the queues is kept but no copy is sent to you.":
        "Under pausen beholder du din plads i køerne, men der sendes ikke noget eksemplar "
        "til dig.",
    "Keep a history of my loans": "Gem en historik over mine lån",
    "Without it, the library forgets who borrowed an item when it is returned. If you stop "
    "keeping a history, the history kept so far is deleted.":
        "Uden den glemmer biblioteket, hvem der har lånt et materiale, når det afleveres. "
        "Stopper du historikken, slettes den historik, der er gemt indtil nu.",
    "No preference": "Intet ønske",
    "Current PIN": "Nuværende PIN-kode", "New PIN": "Ny PIN-kode",
    "New PIN again": "Ny PIN-kode igen", "4 to 8 digits.": "4 til 8 cifre.",
    "The two new PINs are not the same.": "De to nye PIN-koder er ikke ens.",
    "The current PIN is not right.": "Den nuværende PIN-kode er forkert.",
    "Your PIN is changed.": "Din PIN-kode er skiftet.",
    "Your profile is saved.": "Din profil er gemt.",
    "Your loan history is deleted (%(count)d loan).": (
        "Din lånehistorik er slettet (%(count)d lån).",
        "Din lånehistorik er slettet (%(count)d lån)."),
    "From now on, the items you return are kept in your loan history.":
        "Fra nu af gemmes det, du afleverer, i din lånehistorik.",
    # loan history
    "The library keeps no history of your loans. When you return an item, the library "
    "forgets that you borrowed it.": "Biblioteket gemmer ingen historik over dine lån. Når du "
                                     "afleverer et materiale, glemmer biblioteket, at du har "
                                     "lånt det.",
    "If you would like a list of what you have borrowed, turn on “Keep a history of my "
    "loans” in your profile. The history starts from the next item you return.":
        "Vil du have en liste over det, du har lånt, så slå »Gem en historik over mine lån« "
        "til i din profil. Historikken begynder med det næste, du afleverer.",
    "Go to my profile": "Gå til min profil",
    "%(counter)s returned loan": ("%(counter)s afleveret lån", "%(counter)s afleverede lån"),
    "Borrowed": "Lånt", "Returned": "Afleveret",
    "Your history is kept, but you have not returned anything since you turned it on.":
        "Din historik gemmes, men du har ikke afleveret noget, siden du slog den til.",
    "Only you can see your loan history. If you turn it off in your profile, it is deleted.":
        "Kun du kan se din lånehistorik. Slår du den fra i din profil, bliver den slettet.",
}
