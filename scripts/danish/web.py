"""Danish for the base layout and the pages of reol/web: the main menu, the error pages."""

DANISH = {
    "Menu": "Menu",
    "Page not found": "Siden findes ikke",
    "We cannot find the page you asked for. It may have moved, or the address may be "
    "mistyped.": "Vi kan ikke finde den side, du bad om. Den kan være flyttet, eller adressen "
                 "kan være skrevet forkert.",
    "Go to the front page and search the catalogue": "Gå til forsiden og søg i kataloget",
    "Something went wrong": "Noget gik galt",
    "The library system made a mistake and could not show this page. Try again in a moment; "
    "if it happens again, tell the library.": "Bibliotekssystemet lavede en fejl og kunne ikke "
    "vise siden. Prøv igen om lidt; sker det igen, så sig det til biblioteket.",
}
