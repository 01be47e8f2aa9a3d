"""The provider interface: what reol asks of whoever holds a digital title's files.

reol decides who may borrow (rules.py, services.py); a provider is told of each loan and its
end, and opens the title to the patron behind reol's access link. A real provider (eReolen's
Publizon, Filmstriben) is connected by writing a class with these three methods and
registering it under the name its titles carry in `DigitalTitle.provider`:

    from reol.digital import providers
    providers.register("publizon", PublizonProvider())

`lend` and `end` run inside the loan's transaction, so a provider that says no (by raising
a DomainError) undoes the loan. `open` runs only after reol checked that the link is the
patron's and the loan still runs. The built-in provider serves the demo's own files.
docs/digital.md describes the interface for a provider's developers.
"""

from typing import Protocol

from django.http import Http404, HttpResponse, HttpResponseRedirect

from .models import DigitalFile, DigitalLoan


class Provider(Protocol):
    def lend(self, loan: DigitalLoan) -> None:
        """A loan started: the provider may record it (and refuse by raising)."""

    def end(self, loan: DigitalLoan) -> None:
        """The patron gave the title back before its end."""

    def open(self, loan: DigitalLoan) -> HttpResponse:
        """The title itself, or a redirect to where the provider shows it."""


class BuiltIn:
    """Serves the files kept in reol (the demo's generated EPUBs and sound files), or
    sends the patron on to the title's link when it has no file."""

    def lend(self, loan: DigitalLoan) -> None:
        return None

    def end(self, loan: DigitalLoan) -> None:
        return None

    def open(self, loan: DigitalLoan) -> HttpResponse:
        file = DigitalFile.objects.filter(title_id=loan.title_id).first()
        if file is None and loan.title.link:
            return HttpResponseRedirect(loan.title.link)
        if file is None:
            raise Http404("The provider holds no file of this title.")
        response = HttpResponse(bytes(file.content), content_type=file.content_type)
        response["Content-Disposition"] = f'inline; filename="{file.name}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"  # the loan ends; copies must not stay
        return response


_PROVIDERS: dict[str, Provider] = {"builtin": BuiltIn()}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def provider(name: str) -> Provider:
    """The provider of this name; titles of an unknown provider open through the built-in
    one, which sends the patron to the title's link."""
    return _PROVIDERS.get(name, _PROVIDERS["builtin"])
