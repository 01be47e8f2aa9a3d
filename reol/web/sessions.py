"""Django's database sessions, with a changed session written by a single UPDATE.

Django wraps every save in a transaction, which only the INSERT of a new session key needs
(a clash must roll back): on SQLite that is a BEGIN IMMEDIATE and a COMMIT around the UPDATE
at every request that changes its session, such as each scan at the desk.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import DatabaseError, router


class SessionStore(DatabaseStore):
    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None:
            return super().save(must_create)
        # The stubs lack _get_session, which Django's own save() calls the same way.
        obj = self.create_model_instance(self._get_session())  # type: ignore[attr-defined]
        try:
            obj.save(force_update=True, using=router.db_for_write(self.model, instance=obj))
        except DatabaseError:  # the session is gone (ended elsewhere): as Django answers
            raise UpdateError from None
