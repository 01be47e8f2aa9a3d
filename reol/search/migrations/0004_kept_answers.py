"""PostgreSQL: kept answers to broad searches and the triggers that keep them in step with
the index (search/kept.py). Nothing changes on SQLite, whose engine keeps its own index.

This is the schema as it stands since d54e46c; databases that applied an earlier text of this
migration are brought to it by 0005."""

from importlib import import_module

from django.db import migrations

postgresql_only = import_module("reol.search.migrations.0002_fulltext_index").postgresql_only

KEPT = [
    """CREATE TABLE search_keptanswer (
        id serial PRIMARY KEY,
        lexemes text[] NOT NULL,
        requires text[] NOT NULL,
        query tsquery NOT NULL,
        hits integer NOT NULL DEFAULT 0,
        complete boolean NOT NULL DEFAULT false,
        used date NOT NULL DEFAULT current_date,
        UNIQUE (lexemes, requires))""",
    """CREATE INDEX search_keptanswer_lexemes ON search_keptanswer USING gin (lexemes)""",
    """CREATE TABLE search_keptcount (
        answer_id integer NOT NULL REFERENCES search_keptanswer ON DELETE CASCADE,
        facet text NOT NULL,
        value text COLLATE "C" NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (answer_id, facet, value))""",
    """CREATE INDEX search_keptcount_top ON search_keptcount (answer_id, facet, n DESC, value)""",
    """CREATE TABLE search_kepthit (
        answer_id integer NOT NULL REFERENCES search_keptanswer ON DELETE CASCADE,
        record_id bigint NOT NULL,
        score real NOT NULL,
        PRIMARY KEY (answer_id, record_id))""",
    """CREATE INDEX search_kepthit_rank ON search_kepthit (answer_id, score DESC, record_id)""",
    """CREATE TYPE search_kept_entry AS (record_id bigint, document tsvector, vals text[])""",
    """CREATE TYPE search_kept_member AS (
        sign integer, answer_id integer, record_id bigint, score real, vals text[])""",
    """CREATE FUNCTION search_kept_apply(olds search_kept_entry[], news search_kept_entry[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE members search_kept_member[];
    BEGIN
        members := ARRAY(
            WITH s AS MATERIALIZED (  -- each entry's lexemes once, not once per answer
                SELECT -1 AS sign, o.*, tsvector_to_array(o.document) AS lexemes
                FROM unnest(olds) o
                UNION ALL SELECT 1, n.*, tsvector_to_array(n.document) FROM unnest(news) n)
            SELECT ROW(s.sign, a.id, s.record_id,
                       ts_rank('{0.1, 0.3, 0.8, 1.0}', s.document, a.query), s.vals)::search_kept_member
            FROM s JOIN search_keptanswer a ON a.lexemes <@ s.lexemes
                AND a.requires <@ s.vals AND s.document @@ a.query);
        IF cardinality(members) = 0 THEN RETURN; END IF;

        INSERT INTO search_keptcount AS c (answer_id, facet, value, n)
        SELECT m.answer_id, split_part(v, ':', 1), substr(v, strpos(v, ':') + 1), sum(m.sign)
        FROM unnest(members) m, unnest(m.vals) v
        GROUP BY 1, 2, 3 HAVING sum(m.sign) <> 0
        ON CONFLICT (answer_id, facet, value) DO UPDATE SET n = c.n + excluded.n;

        UPDATE search_keptanswer a SET hits = a.hits + d.n
        FROM (SELECT answer_id, sum(sign) AS n FROM unnest(members) GROUP BY 1) d
        WHERE a.id = d.answer_id AND d.n <> 0;

        -- A hit whose score did not change stays where it is (the set differences).
        DELETE FROM search_kepthit h USING (
            SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = -1
            EXCEPT SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = 1) m
        WHERE h.answer_id = m.answer_id AND h.record_id = m.record_id;

        -- A new hit enters when the list holds every hit, or it ranks above the list's last.
        INSERT INTO search_kepthit (answer_id, record_id, score)
        SELECT m.answer_id, m.record_id, m.score FROM (
            SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = 1
            EXCEPT SELECT answer_id, record_id, score FROM unnest(members) WHERE sign = -1) m
        JOIN search_keptanswer a ON a.id = m.answer_id
        WHERE (a.complete OR EXISTS (SELECT FROM search_kepthit l
                WHERE l.answer_id = m.answer_id
                  AND (l.score < m.score OR (l.score = m.score AND l.record_id > m.record_id))))
        ON CONFLICT DO NOTHING;

        WITH cut AS (
            DELETE FROM search_kepthit h USING (
                SELECT answer_id, record_id FROM (
                    SELECT answer_id, record_id, row_number() OVER (
                        PARTITION BY answer_id ORDER BY score DESC, record_id) AS r
                    FROM search_kepthit
                    WHERE answer_id IN (SELECT answer_id FROM unnest(members) WHERE sign = 1)
                ) ranked WHERE r > 500) d
            WHERE h.answer_id = d.answer_id AND h.record_id = d.record_id
            RETURNING h.answer_id)
        UPDATE search_keptanswer SET complete = false WHERE id IN (SELECT answer_id FROM cut);
    END $$""",
    """CREATE FUNCTION search_kept_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT FROM search_keptanswer) THEN RETURN NULL; END IF;
        PERFORM pg_advisory_xact_lock(726100004);  -- held already by reol's own writers
        IF TG_OP = 'INSERT' THEN
            PERFORM search_kept_apply('{}', ARRAY(SELECT ROW(e.record_id, e.document, e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience])::search_kept_entry FROM new_rows e));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM search_kept_apply(ARRAY(SELECT ROW(e.record_id, e.document, e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience])::search_kept_entry FROM old_rows e), '{}');
        ELSE  -- entries whose words or facet values changed (not `available` alone)
            PERFORM search_kept_apply(
                ARRAY(SELECT ROW(e.record_id, e.document, e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience])::search_kept_entry FROM old_rows e EXCEPT SELECT ROW(e.record_id, e.document, e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience])::search_kept_entry FROM new_rows e),
                ARRAY(SELECT ROW(e.record_id, e.document, e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience])::search_kept_entry FROM new_rows e EXCEPT SELECT ROW(e.record_id, e.document, e.facet_values || ARRAY['type:' || e.material_type,
    'language:' || e.language, 'audience:' || e.audience])::search_kept_entry FROM old_rows e));
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_kept_follow_insert AFTER INSERT
        ON search_searchentry REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_kept_follow()""",
    """CREATE TRIGGER search_kept_follow_delete AFTER DELETE
        ON search_searchentry REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_kept_follow()""",
    """CREATE TRIGGER search_kept_follow_update AFTER UPDATE
        ON search_searchentry REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION search_kept_follow()""",
    """CREATE FUNCTION search_entry_facet_values() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.facet_values := coalesce((
            SELECT array_agg(f.facet || ':' || f.value ORDER BY f.facet, f.value)
            FROM search_searchfacet f WHERE f.record_id = NEW.record_id), '{}');
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_facet_values BEFORE INSERT ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_facet_values()""",
    """CREATE FUNCTION search_kept_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM search_keptanswer; RETURN NULL; END $$""",
    """CREATE TRIGGER search_kept_forget AFTER TRUNCATE ON search_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION search_kept_forget()""",
]
KEPT_DROP = [
    """DROP TRIGGER IF EXISTS search_kept_follow_insert ON search_searchentry""",
    """DROP TRIGGER IF EXISTS search_kept_follow_delete ON search_searchentry""",
    """DROP TRIGGER IF EXISTS search_kept_follow_update ON search_searchentry""",
    """DROP TRIGGER IF EXISTS search_entry_facet_values ON search_searchentry""",
    """DROP FUNCTION IF EXISTS search_entry_facet_values()""",
    """DROP TRIGGER IF EXISTS search_kept_forget ON search_searchentry""",
    """DROP FUNCTION IF EXISTS search_kept_forget()""",
    """DROP FUNCTION IF EXISTS search_kept_follow()""",
    """DROP FUNCTION IF EXISTS search_kept_apply(search_kept_entry[], search_kept_entry[])""",
    """DROP TYPE IF EXISTS search_kept_member""",
    """DROP TYPE IF EXISTS search_kept_entry""",
    """DROP TABLE IF EXISTS search_kepthit, search_keptcount, search_keptanswer""",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_values")]
    operations = [postgresql_only(KEPT, KEPT_DROP)]
