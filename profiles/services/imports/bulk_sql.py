"""The SQL of the PostgreSQL bulk path (profiles/services/imports/bulk.py): staging tables and
the set-based upserts of institutions, topics and author records.

Each upsert resolves the staging rows to existing rows (by OpenAlex id, then the fallback key
the record-by-record importer uses: ROR, ORCID iD, DOI), updates only the rows whose values
differ (`IS DISTINCT FROM`), inserts the rest, and marks in the staging row whether it was
created or changed, so the command's counts are those of the record-by-record path.
"""

# Staging tables: temporary (never WAL-logged), emptied at each chunk's commit.
STAGING = [
    """CREATE TEMP TABLE s_inst (oid text PRIMARY KEY, name text, ror text, country text,
        homepage text, alt jsonb, full_obj bool, domain text, id bigint,
        created bool DEFAULT false, changed bool DEFAULT false) ON COMMIT DELETE ROWS""",
    """CREATE TEMP TABLE s_topic (oid text PRIMARY KEY, name text, subfield text, field text,
        domain text, id bigint, created bool DEFAULT false, changed bool DEFAULT false)
        ON COMMIT DELETE ROWS""",
    """CREATE TEMP TABLE s_author (oid text PRIMARY KEY, name text, orcid text, aff_oid text,
        ext jsonb, slug_base text, seq int, id bigint, aff_id bigint, slug text,
        created bool DEFAULT false, changed bool DEFAULT false) ON COMMIT DELETE ROWS""",
    "CREATE TEMP TABLE s_variant (oid text, name text) ON COMMIT DELETE ROWS",
    "CREATE TEMP TABLE s_atopic (oid text, topic_oid text, n int) ON COMMIT DELETE ROWS",
    """CREATE TEMP TABLE s_work (oid text PRIMARY KEY, title text, work_type text, year int,
        venue text, abstract text, doi text, url text, id bigint,
        created bool DEFAULT false, changed bool DEFAULT false) ON COMMIT DELETE ROWS""",
    "CREATE TEMP TABLE s_wtopic (oid text, topic_oid text) ON COMMIT DELETE ROWS",
    """CREATE TEMP TABLE s_slot (oid text, position int, raw_name text, author_oid text,
        author_orcid text, is_corr bool, has_inst bool, PRIMARY KEY (oid, position))
        ON COMMIT DELETE ROWS""",
    # The slots resolved (bulk_works_sql.SLOTS_RESOLVE); `new_id` is drawn from the
    # authorships' own sequence, named when the table is made.
    """CREATE TEMP TABLE s_slotr (oid text, position int, raw_name text, author_oid text,
        author_orcid text, is_corr bool, has_inst bool, work_id bigint, created bool,
        author_id bigint, row_id bigint, new_id bigint DEFAULT nextval('{authorship_seq}'))
        ON COMMIT DELETE ROWS""",
    "CREATE TEMP TABLE s_slotinst (oid text, position int, inst_oid text) ON COMMIT DELETE ROWS",
    "CREATE TEMP TABLE s_gone (work_id bigint, author_id bigint, is_hidden bool) "
    "ON COMMIT DELETE ROWS",
]

COPY_COLUMNS = {
    "s_inst": "oid, name, ror, country, homepage, alt, full_obj, domain",
    "s_topic": "oid, name, subfield, field, domain",
    "s_author": "oid, name, orcid, aff_oid, ext, slug_base, seq",
    "s_variant": "oid, name",
    "s_atopic": "oid, topic_oid, n",
    "s_work": "oid, title, work_type, year, venue, abstract, doi, url",
    "s_wtopic": "oid, topic_oid",
    "s_slot": "oid, position, raw_name, author_oid, author_orcid, is_corr, has_inst",
    "s_slotinst": "oid, position, inst_oid",
}

INSTITUTIONS = [
    """UPDATE s_inst s SET id = i.id FROM profiles_institution i WHERE i.openalex_id = s.oid""",
    """UPDATE s_inst s SET id = i.id FROM profiles_institution i
        WHERE s.id IS NULL AND s.ror <> '' AND i.ror = s.ror
        AND NOT EXISTS (SELECT 1 FROM s_inst o WHERE o.id = i.id)""",
    # A ROR id held by another institution (or an earlier one of the chunk) is not copied.
    """UPDATE s_inst s SET ror = '' WHERE s.ror <> '' AND (
        EXISTS (SELECT 1 FROM profiles_institution i WHERE i.ror = s.ror
                AND i.id IS DISTINCT FROM s.id)
        OR s.oid IN (SELECT oid FROM (SELECT oid, row_number() OVER (PARTITION BY ror
            ORDER BY oid) AS k FROM s_inst WHERE ror <> '') d WHERE k > 1))""",
    """WITH v AS (
        SELECT i.id, s.name, s.oid, COALESCE(NULLIF(s.ror, ''), i.ror) AS ror,
            COALESCE(NULLIF(s.country, ''), i.country_code) AS country,
            CASE WHEN s.full_obj THEN s.homepage ELSE i.homepage_url END AS homepage,
            CASE WHEN s.full_obj THEN s.alt ELSE i.alternative_names END AS alt
        FROM s_inst s JOIN profiles_institution i ON i.id = s.id),
    u AS (UPDATE profiles_institution i SET name = v.name, openalex_id = v.oid, ror = v.ror,
            country_code = v.country, homepage_url = v.homepage, alternative_names = v.alt
        FROM v WHERE i.id = v.id AND (i.name, i.openalex_id, i.ror, i.country_code,
            i.homepage_url, i.alternative_names)
            IS DISTINCT FROM (v.name, v.oid, v.ror, v.country, v.homepage, v.alt)
        RETURNING i.id)
    UPDATE s_inst s SET changed = true FROM u WHERE u.id = s.id""",
    """WITH n AS (INSERT INTO profiles_institution
            (name, openalex_id, ror, country_code, homepage_url, alternative_names)
        SELECT name, oid, NULLIF(ror, ''), country, CASE WHEN full_obj THEN homepage ELSE '' END,
            CASE WHEN full_obj THEN alt ELSE '[]'::jsonb END
        FROM s_inst WHERE id IS NULL ORDER BY oid RETURNING id, openalex_id)
    UPDATE s_inst s SET id = n.id, created = true FROM n WHERE n.openalex_id = s.oid""",
    # An email domain from an academic homepage, unless another institution holds it.
    """WITH d AS (INSERT INTO profiles_institutiondomain (institution_id, domain)
        SELECT DISTINCT ON (domain) id, domain FROM s_inst
        WHERE full_obj AND domain <> '' ORDER BY domain, oid
        ON CONFLICT (domain) DO NOTHING RETURNING institution_id)
    UPDATE s_inst s SET changed = true FROM d WHERE d.institution_id = s.id""",
]

TOPICS = [
    "UPDATE s_topic s SET id = t.id FROM profiles_topic t WHERE t.openalex_id = s.oid",
    """WITH u AS (UPDATE profiles_topic t SET name = s.name, subfield = s.subfield,
            field = s.field, domain = s.domain
        FROM s_topic s WHERE t.id = s.id AND (t.name, t.subfield, t.field, t.domain)
            IS DISTINCT FROM (s.name, s.subfield, s.field, s.domain)
        RETURNING t.id)
    UPDATE s_topic s SET changed = true FROM u WHERE u.id = s.id""",
    """WITH n AS (INSERT INTO profiles_topic (name, openalex_id, subfield, field, domain)
        SELECT name, oid, subfield, field, domain FROM s_topic WHERE id IS NULL ORDER BY oid
        RETURNING id, openalex_id)
    UPDATE s_topic s SET id = n.id, created = true FROM n WHERE n.openalex_id = s.oid""",
]

AUTHORS_RESOLVE = [
    "UPDATE s_author s SET id = a.id FROM profiles_authorrecord a WHERE a.openalex_id = s.oid",
    # A record merged into another (profiles/services/moderation/merges.py) lands on the
    # survivor, as on the record-by-record path.
    """UPDATE s_author s SET id = r.target_id FROM profiles_recordredirect r
        WHERE s.id IS NULL AND r.old_openalex_id <> '' AND r.old_openalex_id = s.oid
        AND NOT EXISTS (SELECT 1 FROM s_author o WHERE o.id = r.target_id)""",
    """UPDATE s_author s SET id = a.id FROM profiles_authorrecord a
        WHERE s.id IS NULL AND s.orcid <> '' AND a.orcid = s.orcid
        AND NOT EXISTS (SELECT 1 FROM s_author o WHERE o.id = a.id)""",
    """UPDATE s_author s SET aff_id = i.id FROM profiles_institution i
        WHERE s.aff_oid <> '' AND i.openalex_id = s.aff_oid""",
    # Two records cannot share an ORCID iD: one held elsewhere is not copied.
    """UPDATE s_author s SET orcid = '' WHERE s.orcid <> '' AND (
        EXISTS (SELECT 1 FROM profiles_authorrecord a WHERE a.orcid = s.orcid
                AND a.id IS DISTINCT FROM s.id)
        OR s.oid IN (SELECT oid FROM (SELECT oid, row_number() OVER (PARTITION BY orcid
            ORDER BY seq) AS k FROM s_author WHERE orcid <> '') d WHERE k > 1))""",
]

# Unclaimed records follow the source (the old name stays as a variant); claimed records
# only get the fields that are still empty, never a new name.
AUTHORS_UPDATE = [
    """INSERT INTO profiles_namevariant (author_id, name, is_private, source)
        SELECT a.id, a.display_name, false, a.source
        FROM s_author s JOIN profiles_authorrecord a ON a.id = s.id
        WHERE a.owner_id IS NULL AND a.display_name <> s.name
        ON CONFLICT (author_id, name) DO NOTHING""",
    """DELETE FROM profiles_namevariant v USING s_author s, profiles_authorrecord a
        WHERE a.id = s.id AND v.author_id = a.id AND a.owner_id IS NULL
        AND a.display_name <> s.name AND v.name = s.name AND NOT v.is_private""",
    """WITH v AS (
        SELECT a.id, a.owner_id IS NULL AS free,
            CASE WHEN a.owner_id IS NULL THEN s.name ELSE a.display_name END AS name,
            CASE WHEN a.owner_id IS NULL OR a.affiliation_id IS NULL
                THEN COALESCE(s.aff_id, a.affiliation_id) ELSE a.affiliation_id END AS aff,
            CASE WHEN a.owner_id IS NULL OR a.orcid IS NULL
                THEN COALESCE(NULLIF(s.orcid, ''), a.orcid) ELSE a.orcid END AS orcid,
            CASE WHEN a.owner_id IS NULL OR a.openalex_id IS NULL
                THEN s.oid ELSE a.openalex_id END AS oid,
            CASE WHEN a.owner_id IS NULL OR a.external_ids = '{}'::jsonb
                THEN s.ext || a.external_ids ELSE a.external_ids END AS ext
        FROM s_author s JOIN profiles_authorrecord a ON a.id = s.id),
    u AS (UPDATE profiles_authorrecord a SET display_name = v.name, affiliation_id = v.aff,
            orcid = v.orcid, openalex_id = v.oid, external_ids = v.ext,
            affiliation_by_owner = a.affiliation_by_owner
                AND v.aff IS NOT DISTINCT FROM a.affiliation_id,
            updated_at = now()
        FROM v WHERE a.id = v.id
            AND (a.display_name, a.affiliation_id, a.orcid, a.openalex_id, a.external_ids)
            IS DISTINCT FROM (v.name, v.aff, v.orcid, v.oid, v.ext)
        RETURNING a.id)
    UPDATE s_author s SET changed = true FROM u WHERE u.id = s.id""",
]

# A new record's slug: the name's slug when free, else the name's slug and the record's
# OpenAlex id (`hao-wang-a5023888391`): unique without counting the records of the same
# name (the record-by-record path numbers them, `hao-wang-2`, reading them all).
AUTHORS_SLUGS = [
    """WITH n AS (SELECT oid, slug_base,
            row_number() OVER (PARTITION BY slug_base ORDER BY seq) AS k
        FROM s_author WHERE id IS NULL)
    UPDATE s_author s SET slug = CASE
            WHEN n.k = 1 AND NOT EXISTS (SELECT 1 FROM profiles_authorrecord a
                WHERE a.slug = n.slug_base) AND NOT EXISTS (SELECT 1 FROM
                profiles_recordredirect r WHERE r.old_slug = n.slug_base) THEN n.slug_base
            ELSE left(n.slug_base, 80) || '-' || lower(n.oid) END
    FROM n WHERE s.oid = n.oid""",
    # The rare clash left (a name whose slug ends in an id): made unique by a number.
    """UPDATE s_author s SET slug = s.slug || '-' || s.seq WHERE s.id IS NULL AND (
        EXISTS (SELECT 1 FROM profiles_authorrecord a WHERE a.slug = s.slug)
        OR EXISTS (SELECT 1 FROM profiles_recordredirect r WHERE r.old_slug = s.slug)
        OR s.oid IN (SELECT oid FROM (SELECT oid, row_number() OVER (PARTITION BY slug
            ORDER BY seq) AS k FROM s_author WHERE id IS NULL) d WHERE k > 1))""",
]

AUTHORS_INSERT = [
    """WITH n AS (INSERT INTO profiles_authorrecord (slug, display_name, headline, bio,
            affiliation_id, affiliation_by_owner, orcid, openalex_id, external_ids, links,
            open_to_collaborate, source, verification_level, trust_score, trust_breakdown,
            hide_followers, works_count, followers_count, topics_count, collaborators_count,
            search_text, search_context, created_at, updated_at, hidden, hidden_reason,
            do_not_contact)
        SELECT slug, name, '', '', aff_id, false, NULLIF(orcid, ''), oid, ext, '[]'::jsonb,
            false, 'openalex', 1, 0, '[]'::jsonb, false, 0, 0, 0, 0, '', '', now(), now(),
            false, '', false
        FROM s_author WHERE id IS NULL ORDER BY seq RETURNING id, openalex_id)
    UPDATE s_author s SET id = n.id, created = true FROM n WHERE n.openalex_id = s.oid""",
    """INSERT INTO profiles_profileevent (author_id, kind, old_value, new_value, reason,
            created_at)
        SELECT id, 'created', '', '', 'openalex', now() FROM s_author WHERE created
        ORDER BY seq""",
]
