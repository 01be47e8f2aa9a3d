"""Counters of failed attempts (rules.Counter as rows). Keys are keyed hashes: the table holds
no card number, user name or address in the clear."""

from django.db import models


class Attempts(models.Model):
    scope = models.CharField(max_length=20)  # what is counted: "patron:card", "patron:source", …
    key = models.CharField(max_length=64)  # HMAC-SHA256 of the card, source or both
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateTimeField(null=True, blank=True)
    last_success = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="attempts_scope_key")]
        verbose_name_plural = "attempts"

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}…: {self.failures}"
