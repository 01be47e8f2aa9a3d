"""Danish for the operators' commands: reol add_patron and reol add_staff."""

DANISH = {
    "Registered %(name)s, card %(card)s, at %(library)s.":
        "Oprettede %(name)s, kort %(card)s, på %(library)s.",
    "A staff log-in needs a user name and a password.":
        "Et personalelogin skal have et brugernavn og en adgangskode.",
    "No library has the agency number %(agency)s.":
        "Intet bibliotek har biblioteksnummeret %(agency)s.",
    "Created %(user)s: %(role)s at %(library)s.": "Oprettede %(user)s: %(role)s på %(library)s.",
    "Updated %(user)s: %(role)s at %(library)s.": "Opdaterede %(user)s: %(role)s på %(library)s.",
    "Superuser.": "Superbruger.",
}
