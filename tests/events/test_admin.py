"""Partners are managed in the back office; series only through the staff pages."""

from reol.events.models import Partner


def test_a_partner_and_its_contact_are_added_in_the_back_office(admin_client):
    response = admin_client.post("/admin/events/partner/add/", {
        "name": "Randers Svømmehal", "slug": "randers-svommehal", "description": "",
        "website": "", "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Mette Holm", "contacts-0-email": "mette@example.dk",
        "contacts-0-phone": "", "contacts-0-role": "Leder",
    })
    assert response.status_code == 302
    partner = Partner.objects.get(slug="randers-svommehal")
    assert [c.name for c in partner.contacts.all()] == ["Mette Holm"]
    assert admin_client.get("/admin/events/eventseries/add/").status_code == 403
