"""Danish for self-service: SIP2 terminals, entry policies, kiosk screens (reol/selfservice)."""

DANISH = {
    "Self-check machine": "Selvbetjeningsautomat", "Open-library door": "Dør til Åbent Bibliotek",
    "login": "login", "password": "adgangskode",
    "Stored hashed; set it with the command add_sip2_terminal or a new terminal.":
        "Gemmes krypteret; sæt den med kommandoen add_sip2_terminal eller som ny terminal.",
    "kind": "type", "patrons must give their PIN": "lånere skal taste PIN",
    "screen language": "skærmsprog", "active": "aktiv",
    "SIP2 terminal": "SIP2-terminal", "SIP2 terminals": "SIP2-terminaler",
    "minimum age": "mindstealder",
    "younger patrons with a guardian's consent may enter":
        "yngre lånere med værgens samtykke må komme ind",
    "PIN required at the door": "PIN kræves ved døren",
    "entry policy": "adgangsregel", "entry policies": "adgangsregler",
    "patron": "låner", "guardian": "værge", "given": "givet",
    "guardian's consent": "værges samtykke", "guardians' consents": "værgers samtykker",
    "new password": "ny adgangskode",
    "Leave empty to keep the current password.": "Lad feltet stå tomt for at beholde den "
                                                 "nuværende adgangskode.",
    "A new terminal needs a password.": "En ny terminal skal have en adgangskode.",
    # Screens of self-check machines
    "Thank you for your visit.": "Tak for besøget.",
    "Due back %(date)s.": "Afleveres senest %(date)s.",
    "%(renewed)s renewed, %(refused)s could not be renewed.":
        "%(renewed)s fornyet, %(refused)s kunne ikke fornyes.",
    "Returned. Thank you.": "Afleveret. Tak.",
    "Put it on the hold shelf: pickup number %(number)s.":
        "Læg det på afhentningshylden: afhentningsnummer %(number)s.",
    "Send it to %(branch)s.": "Send det til %(branch)s.",
    "Borrowed from %(library)s: put it aside to be sent back.":
        "Lånt fra %(library)s: læg det til side, så det kan sendes tilbage.",
    "The reservation is cancelled.": "Reserveringen er annulleret.",
    "Reserved: number %(position)s in the queue.": "Reserveret: nummer %(position)s i køen.",
}
