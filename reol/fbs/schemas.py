"""The request bodies of the FBS Adapter, with the description's field names
(fbs-adapter.yaml's definitions). A body that does not fit is a 400 before anything is done."""

from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

# Ids: larger numbers are no row of ours and would overflow the database (a 400, not a 500).
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
# A patron id is a card number (up to 18 digits) or reol's own number.
PatronId = Annotated[int, Field(ge=1, le=10**18)]
LoanIds = Annotated[list[Id], Field(max_length=200)]


class Body(Schema):
    # Fields the description adds in later versions are ignored, not refused.
    model_config = ConfigDict(extra="ignore")


class PeriodicalReservation(Body):
    volume: str | None = None
    volumeNumber: str | None = None
    volumeYear: str | None = None


class CreateReservation(Body):
    recordId: str = Field(max_length=40)
    pickupBranch: str | None = Field(None, max_length=40)
    expiryDate: str | None = Field(None, max_length=40)
    periodical: PeriodicalReservation | None = None


class CreateReservationBatch(Body):
    reservations: list[CreateReservation] = Field(max_length=100)


class CreateReservationBatchV2(CreateReservationBatch):
    type: str | None = None


class UpdateReservation(Body):
    reservationId: Id
    pickupBranch: str | None = Field(None, max_length=40)
    expiryDate: str | None = Field(None, max_length=40)


class UpdateReservationBatch(Body):
    reservations: list[UpdateReservation] = Field(max_length=100)


class Period(Body):
    from_: str | None = Field(None, alias="from", max_length=40)
    to: str | None = Field(None, max_length=40)


class PincodeChange(Body):
    libraryCardNumber: str = Field(max_length=40)
    pincode: str = Field(max_length=40)


class PatronSettingsV3(Body):
    emailAddress: str | None = Field(None, max_length=254)
    phoneNumber: str | None = Field(None, max_length=40)
    preferredLanguage: str | None = Field(None, max_length=10)
    preferredPickupBranch: str = Field(max_length=40)
    receiveEmail: bool
    receivePostalMail: bool
    receiveSms: bool
    onHold: Period | None = None


class UpdatePatronRequestV3(Body):
    patron: PatronSettingsV3 | None = None
    pincodeChange: PincodeChange | None = None


class EmailAddressV1(Body):
    emailAddress: str = Field(max_length=254)
    receiveNotification: bool


class PhoneNumberV1(Body):
    phoneNumber: str = Field(max_length=40)
    receiveNotification: bool


class PatronSettingsV6(Body):
    emailAddresses: list[EmailAddressV1] | None = Field(None, max_length=10)
    phoneNumbers: list[PhoneNumberV1] | None = Field(None, max_length=10)
    # Required by the description, but dpl-react's createV9 (UserInfo.tsx) does not send it,
    # and FBS takes the request without it; reol keeps no guardian visibility (fbs.md).
    guardianVisibility: bool | None = None
    interests: list[str] | None = None
    notificationProtocols: list[str] | None = None
    onHold: Period | None = None
    preferredLanguage: str | None = Field(None, max_length=10)
    preferredPickupBranch: str = Field(max_length=40)
    receivePostalMail: bool


class UpdatePatronRequestV6(Body):
    patron: PatronSettingsV6 | None = None
    pincodeChange: PincodeChange | None = None


class BlockStatusRequest(Body):
    blockedReason: str = Field(max_length=10)
    blockedSince: str | None = Field(None, max_length=40)


class CreatePatronRequestV7(Body):
    personIdentifier: str = Field(max_length=20)
    pincode: str = Field(max_length=40)
    patron: PatronSettingsV6
    blockStatusRequest: BlockStatusRequest | None = None
    # Not in the description: reol has no person registry to fetch the name from.
    name: str | None = Field(None, max_length=200)


class Address(Body):
    street: str = Field(max_length=200)
    city: str = Field(max_length=100)
    postalCode: str = Field(max_length=20)
    country: str = Field(max_length=100)


class Guardian(Body):
    cprNumber: str = Field(max_length=20)
    email: str = Field(max_length=254)
    name: str = Field(max_length=200)
    mobilePhoneNumber: str | None = Field(None, max_length=40)
    address: Address | None = None


class PatronWithGuardianRequest(Body):
    cprNumber: str = Field(max_length=20)
    pincode: str = Field(max_length=40)
    preferredPickupBranch: str = Field(max_length=40)
    name: str = Field(max_length=200)
    guardian: Guardian
    email: str | None = Field(None, max_length=254)
    phoneNumber: str | None = Field(None, max_length=40)
    address: Address | None = None


class UpdateGuardianRequest(Body):
    guardian: Guardian
    patronId: PatronId | None = None
    cprNumber: str | None = Field(None, max_length=20)


# --- query parameters -----------------------------------------------------------------------


def _listed(values: object) -> object:
    """A list parameter as repeated parameters (`?recordid=1&recordid=2`) or comma-separated
    (`?recordid=1,2`), as the FBS Adapter takes both (the apps' generated clients send
    either)."""
    if isinstance(values, list):
        return [part.strip() for value in values for part in str(value).split(",")
                if part.strip()]
    return values


class Excluding(Schema):
    """`exclude`: branch ids (`DK-…`) left out of the answer."""

    exclude: list[str] = Field(default_factory=list, max_length=100)

    _split = field_validator("exclude", mode="before")(_listed)


class Records(Excluding):
    recordid: list[str] = Field(min_length=1, max_length=100)

    _split_records = field_validator("recordid", mode="before")(_listed)


class FeeQuery(Schema):
    includepaid: bool
    includenonpayable: bool


class ReservationIds(Schema):
    reservationid: list[Id] = Field(min_length=1, max_length=100)

    _split = field_validator("reservationid", mode="before")(_listed)
