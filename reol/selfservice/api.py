"""Open-library doors under /api/v1/access."""

from ninja import Router

router = Router(tags=["self-service"])
