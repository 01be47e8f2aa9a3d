"""Fixtures shared by the circulation tests."""

import pytest

from tests.factories import make_record


@pytest.fixture
def potter(network):
    first = make_record("Harry Potter og De Vises Sten", creators=["Joanne K. Rowling"],
                        year=1998)
    second = make_record("Harry Potter og De Vises Sten", creators=["Rowling, Joanne K."],
                         year=2015)
    audio = make_record("Harry Potter og De Vises Sten", creators=["Joanne K. Rowling"],
                        material_type="audiobook")
    for record in (first, second, audio):
        record.refresh_from_db()
    assert first.work_id == second.work_id == audio.work_id
    return first, second, audio
