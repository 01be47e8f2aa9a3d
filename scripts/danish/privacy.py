"""Danish for the patron's own data: "My data", download, deletion, the retention promise."""

DANISH = {
    "My data": "Mine data",
    "See what the library holds about you": "Se, hvad biblioteket har om dig",
    "Download everything the library holds about you: your details, loans, reservations, "
    "messages sent to you, event registrations and the log rows that still carry your "
    "reference. The file is in JSON, a format other programs can read.":
        "Hent alt, hvad biblioteket har om dig: dine oplysninger, lån, reserveringer, "
        "beskeder sendt til dig, tilmeldinger til arrangementer og de rækker i loggen, der "
        "stadig bærer din reference. Filen er i JSON, et format andre programmer kan læse.",
    "When you return an item, the loan no longer says who borrowed it. Unless you keep a loan "
    "history, nothing else ties you to the title after %(days)s day: closed reservations, "
    "messages sent to you and your reference in the log are deleted then.": (
        "Når du afleverer et materiale, står der ikke længere på lånet, hvem der har lånt det. "
        "Medmindre du gemmer en lånehistorik, forbinder intet andet dig med titlen efter "
        "%(days)s dag: afsluttede reserveringer, beskeder sendt til dig og din reference i "
        "loggen slettes da.",
        "Når du afleverer et materiale, står der ikke længere på lånet, hvem der har lånt det. "
        "Medmindre du gemmer en lånehistorik, forbinder intet andet dig med titlen efter "
        "%(days)s dage: afsluttede reserveringer, beskeder sendt til dig og din reference i "
        "loggen slettes da."),
    "Download my data": "Hent mine data",
    "Delete my data": "Slet mine data",
    "Your card and everything that names you are deleted, and your reservations, coming event "
    "registrations and room bookings are cancelled. The library keeps only numbers for its "
    "statistics, which say nothing about who you are. You cannot undo it; to borrow again you "
    "need a new card.":
        "Dit lånerkort og alt, hvad der nævner dig, slettes, og dine reserveringer, kommende "
        "tilmeldinger til arrangementer og bookinger af lokaler aflyses. Biblioteket gemmer "
        "kun tal til sin statistik, og de siger intet om, hvem du er. Det kan ikke fortrydes; "
        "vil du låne igen, skal du have et nyt lånerkort.",
    "Yes, delete my card and my data": "Ja, slet mit lånerkort og mine data",
    "Your PIN": "Din PIN-kode",
    "Your data is deleted": "Dine data er slettet",
    "Your card and everything that named you are deleted, and you are logged out. Thank you "
    "for using the library.":
        "Dit lånerkort og alt, hvad der nævnte dig, er slettet, og du er logget ud. Tak fordi "
        "du brugte biblioteket.",
    "Tick the box to confirm that you want your data deleted.":
        "Sæt kryds for at bekræfte, at du vil have dine data slettet.",
    "The PIN is not right.": "PIN-koden er forkert.",
    "The library keeps no history of your loans. When you return an item, the loan no longer "
    "says who borrowed it, and after %(days)s day nothing the library keeps ties you to the "
    "title.": (
        "Biblioteket gemmer ingen historik over dine lån. Når du afleverer et materiale, står "
        "der ikke længere på lånet, hvem der har lånt det, og efter %(days)s dag forbinder "
        "intet, biblioteket gemmer, dig med titlen.",
        "Biblioteket gemmer ingen historik over dine lån. Når du afleverer et materiale, står "
        "der ikke længere på lånet, hvem der har lånt det, og efter %(days)s dage forbinder "
        "intet, biblioteket gemmer, dig med titlen."),
}
