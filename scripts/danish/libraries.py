"""Danish for opening hours and calendars (reol/libraries)."""

DANISH = {
    "Staffed": "Betjent", "Self-service (open library)": "Selvbetjent (Åbent Bibliotek)",
    "Closed": "Lukket",
    "Monday": "mandag", "Tuesday": "tirsdag", "Wednesday": "onsdag", "Thursday": "torsdag",
    "Friday": "fredag", "Saturday": "lørdag", "Sunday": "søndag",
    "Empty: until further notice.": "Tom: indtil videre.",
    "Keep this interval on public holidays too.": "Hold også dette tidsrum åbent på helligdage.",
    "The stop belongs to another branch.": "Holdepladsen hører til en anden filial.",
    "No branch has the code %(code)s.": "Ingen filial har koden %(code)s.",
    "Opening hours": "Åbningstider", "Opening hours: %(name)s": "Åbningstider: %(name)s",
    "This week": "Denne uge", "Weeks": "Uger", "Previous week": "Forrige uge",
    "Next week": "Næste uge", "Week %(number)s, %(year)s at %(name)s":
        "Uge %(number)s, %(year)s på %(name)s",
    "Day": "Dag",
    "No opening hours are registered for this week. Ask the library.":
        "Der er ingen åbningstider registreret for denne uge. Spørg biblioteket.",
    "In self-service hours (open library) you let yourself in with your library card and "
    "PIN; there is no staff.": "I den selvbetjente åbningstid (Åbent Bibliotek) lukker du dig "
                               "selv ind med dit sundhedskort eller lånerkort og din pinkode; "
                               "der er ikke personale.",
    "All libraries and branches": "Alle biblioteker og filialer",
}
