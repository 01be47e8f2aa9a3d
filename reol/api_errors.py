"""The one shape of every error the JSON API answers (declared for each operation by
reol.api.declare_errors): `detail` for people, `code` for programs."""

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    code: str
