"""What the national log-in says about a patron, worked out from reol's plain values."""

import hashlib
import hmac
import uuid


def municipality_code(agency: str) -> str | None:
    """The municipality of a public library's agency number: agencies of municipal libraries
    are 7 + the municipality's three-digit code + 00 (Glostrup, 716100, is municipality 161).
    Other agencies (research libraries, 8xxxxx) name no municipality."""
    if len(agency) == 6 and agency.isdigit() and agency[0] == "7" and agency.endswith("00"):
        return agency[1:4]
    return None


def unique_id(secret: str, patron_id: int) -> str:
    """The patron's `uniqueId` as the apps read it: a UUID that stays the same for the
    patron and says nothing (it is neither the card nor the event log's reference)."""
    digest = hmac.new(secret.encode(), f"userinfo:{patron_id}".encode(), hashlib.sha256)
    return str(uuid.UUID(bytes=digest.digest()[:16], version=4))
