"""Danish for the notices to patrons (reol/circulation/templates/circulation/notices/).

E-mails quote titles »like this«; text messages keep to the GSM alphabet ("plain quotes"), so
a message of 160 characters stays one SMS.
"""

DANISH = {
    # e-mail: greeting and signature
    "Dear %(name)s,": "Kære %(name)s",
    "Kind regards,": "Venlig hilsen",
    "This message was sent automatically; replies are not read.":
        "Beskeden er sendt automatisk, og svar på den bliver ikke læst.",
    # subjects
    "Ready for pickup: %(title)s": "Klar til afhentning: %(title)s",
    "Due soon: %(title)s": "Afleveres snart: %(title)s",
    "Overdue: %(title)s": "Overskredet lånetid: %(title)s",
    "Renewed: %(title)s": "Fornyet: %(title)s",
    "Not renewed: %(title)s": "Ikke fornyet: %(title)s",
    "Reservation expired: %(title)s": "Reservering udløbet: %(title)s",
    # e-mail bodies
    "“%(title)s” is ready for you to collect at %(branch)s.":
        "»%(title)s« er klar til afhentning på %(branch)s.",
    "“%(title)s” is ready for you to collect from %(branch)s at the stop %(stop)s.":
        "»%(title)s« er klar til afhentning i %(branch)s ved holdepladsen %(stop)s.",
    "Your pickup number is %(number)s. Please collect it by %(weekday)s, %(date)s; after that "
    "the reservation lapses.":
        "Dit afhentningsnummer er %(number)s. Hent materialet senest %(weekday)s den "
        "%(date)s; derefter udløber reserveringen.",
    "“%(title)s” is due back on %(weekday)s, %(date)s.":
        "»%(title)s« skal afleveres senest %(weekday)s den %(date)s.",
    "If the loan can be renewed, we renew it automatically on the due date and let you know.":
        "Kan lånet fornys, fornyer vi det automatisk på afleveringsdatoen og giver dig besked.",
    "“%(title)s” should have been returned on %(weekday)s, %(date)s. Please return it as soon "
    "as possible.":
        "»%(title)s« skulle have været afleveret %(weekday)s den %(date)s. Aflever det venligst "
        "hurtigst muligt.",
    "“%(title)s” has been renewed automatically. The new due date is %(weekday)s, %(date)s.":
        "»%(title)s« er blevet fornyet automatisk. Den nye afleveringsdato er %(weekday)s den "
        "%(date)s.",
    "We could not renew “%(title)s” automatically:":
        "Vi kunne ikke forny »%(title)s« automatisk:",
    "Please return it by %(weekday)s, %(date)s.":
        "Materialet skal afleveres senest %(weekday)s den %(date)s.",
    "“%(title)s” waited for you on the hold shelf at %(branch)s until %(weekday)s, %(date)s, "
    "but was not collected, so the reservation has lapsed.":
        "»%(title)s« ventede på dig på afhentningshylden på %(branch)s til og med %(weekday)s "
        "den %(date)s, men blev ikke hentet, så reserveringen er udløbet.",
    "Your reservation of “%(title)s” has lapsed: no copy became available for you by "
    "%(date)s, the last day you wanted it.":
        "Din reservering af »%(title)s« er udløbet: der blev ikke et eksemplar ledigt til dig, "
        "før din interesseperiode sluttede %(date)s.",
    "You are welcome to reserve it again.": "Du er velkommen til at reservere igen.",
    # text messages (at most 160 characters with a title cut to 32)
    '"%(title)s" is ready for you at %(branch)s, pickup number %(number)s. Collect it by '
    "%(date)s.":
        '"%(title)s" er klar til dig på %(branch)s, afhentningsnr. %(number)s. Hent senest '
        "%(date)s.",
    '"%(title)s" is ready for you on %(branch)s at %(stop)s, pickup number %(number)s. '
    "Collect it by %(date)s.":
        '"%(title)s" er klar til dig i %(branch)s ved %(stop)s, afhentningsnr. %(number)s. '
        "Hent senest %(date)s.",
    'Reminder: "%(title)s" is due back on %(date)s. Kind regards, %(library)s':
        'Husk at aflevere "%(title)s" senest %(date)s. Hilsen %(library)s',
    '"%(title)s" was due back on %(date)s. Please return it soon. Kind regards, %(library)s':
        '"%(title)s" skulle have været afleveret %(date)s. Aflever det snarest. '
        "Hilsen %(library)s",
    '"%(title)s" has been renewed automatically until %(date)s. Kind regards, %(library)s':
        '"%(title)s" er fornyet automatisk til %(date)s. Hilsen %(library)s',
    '"%(title)s" could not be renewed: %(reason)s Please return it by %(date)s.':
        '"%(title)s" kunne ikke fornys: %(reason)s Aflever senest %(date)s.',
    '"%(title)s" was not collected by %(date)s, so the reservation has lapsed. Kind regards, '
    "%(library)s":
        '"%(title)s" blev ikke hentet senest %(date)s, så reserveringen er udløbet. '
        "Hilsen %(library)s",
    'Your reservation of "%(title)s" has lapsed. Kind regards, %(library)s':
        'Din reservering af "%(title)s" er udløbet. Hilsen %(library)s',
}
