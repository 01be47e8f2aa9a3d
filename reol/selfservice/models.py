"""Self-service: SIP2 terminals (self-check machines and door controllers), each branch's
entry policy for open-library hours, and guardians' consent for younger patrons.

Visits are not stored here: an entry is an Event of kind VISIT in the lending event log.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils.translation import gettext_lazy as _

from reol.circulation.models import Patron
from reol.libraries.models import Branch


class Sip2Terminal(models.Model):
    """A machine that logs in over SIP2 (message 93) and acts in one branch."""

    class Kind(models.TextChoices):
        KIOSK = "kiosk", _("Self-check machine")
        DOOR = "door", _("Open-library door")

    login = models.CharField(_("login"), max_length=60, unique=True)
    password = models.CharField(_("password"), max_length=200,
                                help_text=_("Stored hashed; set it with the command "
                                            "add_sip2_terminal or a new terminal."))
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="sip2_terminals",
                               verbose_name=_("branch"))
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.KIOSK)
    pin_required = models.BooleanField(_("patrons must give their PIN"), default=True)
    language = models.CharField(_("screen language"), max_length=2, choices=settings.LANGUAGES,
                                default="da")
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["login"]
        verbose_name = _("SIP2 terminal")
        verbose_name_plural = _("SIP2 terminals")

    def __str__(self) -> str:
        return self.login

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)


class EntryPolicy(models.Model):
    """Who may let themselves in during a branch's self-service (open-library) hours."""

    branch = models.OneToOneField(Branch, on_delete=models.CASCADE, related_name="entry_policy",
                                  verbose_name=_("branch"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=15)
    guardian_consent_admits = models.BooleanField(
        _("younger patrons with a guardian's consent may enter"), default=True)
    pin_required = models.BooleanField(_("PIN required at the door"), default=True)

    class Meta:
        verbose_name = _("entry policy")
        verbose_name_plural = _("entry policies")

    def __str__(self) -> str:
        return str(self.branch)


class GuardianConsent(models.Model):
    """A guardian's consent that a patron under the minimum age may use the open library."""

    patron = models.OneToOneField(Patron, on_delete=models.CASCADE,
                                  related_name="open_library_consent",
                                  verbose_name=_("patron"))
    guardian_name = models.CharField(_("guardian"), max_length=200, blank=True)
    given = models.DateField(_("given"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")

    def __str__(self) -> str:
        return f"{self.patron} ({self.given})"
