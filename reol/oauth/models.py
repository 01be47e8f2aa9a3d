"""Whose clients and tokens django-oauth-toolkit's are: a client belongs to one library, a
patron-level token to one patron. The protocol's own state (clients' hashed secrets, tokens,
expiry) is in oauth2_provider's tables."""

from django.db import models
from oauth2_provider.models import AccessToken, Application

from reol.circulation.models import Patron
from reol.libraries.models import Library


class ApiClient(models.Model):
    """A system of a library that asks for tokens: its web site, its app."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE,
                                       related_name="reol_client")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="api_clients")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.application.name} ({self.library})"


class PatronToken(models.Model):
    """A token given after the patron proved card and PIN: it acts for this patron only."""

    access_token = models.OneToOneField(AccessToken, on_delete=models.CASCADE,
                                        related_name="reol_patron")
    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="oauth_tokens")

    def __str__(self) -> str:
        return f"token of patron {self.patron_id}"
