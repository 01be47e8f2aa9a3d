"""The patron's profile form says every mistake at once, at its field, in their language."""

from reol.circulation.models import Patron
from tests.circulation.test_patron_pages import karen, log_in, profile_form  # noqa: F401


def test_every_mistake_in_a_profile_is_said_at_once_and_nothing_is_saved(client, karen):  # noqa: F811
    log_in(client, karen)
    answer = client.post("/me/profile/", profile_form(
        karen, email="not-an-address", interest_days=3, pause_from="2027-03-10",
        pause_to="2027-03-01"))
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "The email address is not valid." in page
    assert "The interest period must be 7 to 730 days." in page
    assert "The pause ends before it starts." in page
    fresh = Patron.objects.get(pk=karen.pk)
    assert fresh.email == karen.email and fresh.interest_days == karen.interest_days
