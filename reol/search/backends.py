"""The two full-text backends, chosen by the database in use.

This is the one place where SQLite and PostgreSQL differ for search: how the index is built
(schema), what text goes into it (prepare) and how a query matches and ranks (match).
Everything else — filters, facets, paging — is shared SQL in services.py.
"""

from dataclasses import dataclass

from . import rules

# Title and creator weigh more than subjects, subjects more than the description.
WEIGHTS = {"title": 10.0, "creators": 8.0, "subjects": 3.0, "body": 1.0}


@dataclass(frozen=True)
class Match:
    """SQL that yields (id, score) for every matching record; lower score ranks first."""

    sql: str
    params: list


class SQLiteFTS5:
    """SQLite FTS5 over Snowball stems; FTS5 has no Danish stemmer, so we stem in Python."""

    vendor = "sqlite"
    schema = [
        """CREATE VIRTUAL TABLE search_fts USING fts5(
            title, creators, subjects, body,
            content='search_searchentry', content_rowid='record_id',
            tokenize='unicode61 remove_diacritics 0')""",
        "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25({})')".format(
            ", ".join(str(w) for w in WEIGHTS.values())
        ),
        """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
            INSERT INTO search_fts(rowid, title, creators, subjects, body)
            VALUES (new.record_id, new.title, new.creators, new.subjects, new.body);
        END""",
        """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
            INSERT INTO search_fts(search_fts, rowid, title, creators, subjects, body)
            VALUES ('delete', old.record_id, old.title, old.creators, old.subjects, old.body);
        END""",
        """CREATE TRIGGER search_fts_update
        AFTER UPDATE OF title, creators, subjects, body ON search_searchentry BEGIN
            INSERT INTO search_fts(search_fts, rowid, title, creators, subjects, body)
            VALUES ('delete', old.record_id, old.title, old.creators, old.subjects, old.body);
            INSERT INTO search_fts(rowid, title, creators, subjects, body)
            VALUES (new.record_id, new.title, new.creators, new.subjects, new.body);
        END""",
    ]
    drop = [
        "DROP TRIGGER IF EXISTS search_fts_update",
        "DROP TRIGGER IF EXISTS search_fts_delete",
        "DROP TRIGGER IF EXISTS search_fts_insert",
        "DROP TABLE IF EXISTS search_fts",
    ]

    @staticmethod
    def prepare(text: str) -> str:
        return " ".join(rules.stems(text))

    @staticmethod
    def match(query: str) -> Match | None:
        terms = rules.stems(query)
        if not terms:
            return None
        # Each stem is a bare word (\w+), quoted so FTS5 reads none of it as syntax.
        expression = " ".join(f'"{term}"' for term in terms)
        return Match(
            "SELECT rowid AS id, rank AS score FROM search_fts WHERE search_fts MATCH %s",
            [expression],
        )


class PostgreSQLDanish:
    """PostgreSQL full-text search with the `danish` configuration and a GIN index."""

    vendor = "postgresql"
    _weights = "{0.1, 0.3, 0.8, 1.0}"  # D body, C subjects, B creators, A title
    schema = [
        """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('danish'::regconfig, title), 'A') ||
            setweight(to_tsvector('danish'::regconfig, creators), 'B') ||
            setweight(to_tsvector('danish'::regconfig, subjects), 'C') ||
            setweight(to_tsvector('danish'::regconfig, body), 'D')) STORED""",
        "CREATE INDEX search_document_gin ON search_searchentry USING gin (document)",
    ]
    drop = [
        "DROP INDEX IF EXISTS search_document_gin",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
    ]

    @staticmethod
    def prepare(text: str) -> str:
        return " ".join(rules.words(text))

    @classmethod
    def match(cls, query: str) -> Match | None:
        words = rules.words(query)
        if not words:
            return None
        return Match(
            "SELECT record_id AS id, -ts_rank(%s, document, q) AS score "
            "FROM search_searchentry, plainto_tsquery('danish'::regconfig, %s) AS q "
            "WHERE document @@ q",
            [cls._weights, " ".join(words)],
        )


BACKENDS = {backend.vendor: backend for backend in (SQLiteFTS5, PostgreSQLDanish)}


def for_vendor(vendor: str) -> type[SQLiteFTS5] | type[PostgreSQLDanish]:
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise RuntimeError(f"reol's search has no backend for the {vendor} database") from None
