from django.http import HttpRequest
from ninja import Router, Schema

from .models import Library

router = Router(tags=["libraries"])


class BranchOut(Schema):
    code: str
    name: str
    kind: str
    address: str


class LibraryOut(Schema):
    agency: str
    isil: str
    name: str
    municipality: str
    kind: str
    region: str
    branches: list[BranchOut]


@router.get("/libraries", response=list[LibraryOut], summary="Libraries and their branches")
def libraries(request: HttpRequest) -> list[dict]:
    return [
        {
            "agency": lib.agency,
            "isil": lib.isil,
            "name": lib.name,
            "municipality": lib.municipality,
            "kind": lib.kind,
            "region": lib.region.name,
            "branches": [
                {"code": b.code, "name": b.name, "kind": b.kind, "address": b.address}
                for b in lib.branches.all()
            ],
        }
        for lib in Library.objects.select_related("region").prefetch_related("branches")
    ]
