"""Statistics and reports under /api/v1/."""

from ninja import Router

from .api_collection import router as collection_router
from .api_statistics import router as statistics_router

router = Router(tags=["insight"])
router.add_router("", statistics_router)
router.add_router("", collection_router)
