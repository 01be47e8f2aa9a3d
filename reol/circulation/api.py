"""Lending API under /api/v1/: patrons for their own data, staff by session or token."""

from ninja import Router

router = Router(tags=["lending"])
