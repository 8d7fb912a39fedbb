"""The SQL of the bulk path (profiles/services/imports/bulk.py) for what hangs on author records
(public name variants, OpenAlex topic counts, slots imported before the record) and for works
with their topics and author slots, kept as `work_upsert` keeps them."""

AUTHORS_AFTER = [
    # New public variants on unclaimed records; existing ones (private above all) stay.
    """WITH n AS (INSERT INTO profiles_namevariant (author_id, name, is_private, source)
        SELECT DISTINCT s.id, v.name, false, 'openalex'
        FROM s_variant v JOIN s_author s ON s.oid = v.oid
        JOIN profiles_authorrecord a ON a.id = s.id
        WHERE a.owner_id IS NULL AND v.name <> a.display_name
        ON CONFLICT (author_id, name) DO NOTHING RETURNING author_id)
    UPDATE s_author s SET changed = true WHERE s.id IN (SELECT author_id FROM n)""",
    # OpenAlex's per-author topic counts: the listed ones set, the others back to 0.
    """WITH w AS (SELECT s.id AS author_id, t.id AS topic_id, max(x.n) AS n
        FROM s_atopic x JOIN s_author s ON s.oid = x.oid
        JOIN profiles_topic t ON t.openalex_id = x.topic_oid GROUP BY 1, 2),
    z AS (UPDATE profiles_authortopic t SET imported_works_count = 0 FROM s_author s
        WHERE t.author_id = s.id AND t.imported_works_count > 0 AND NOT EXISTS
            (SELECT 1 FROM w WHERE w.author_id = t.author_id AND w.topic_id = t.topic_id)
        RETURNING t.author_id),
    u AS (INSERT INTO profiles_authortopic (author_id, topic_id, works_count,
            imported_works_count)
        SELECT author_id, topic_id, 0, n FROM w ORDER BY author_id, topic_id
        ON CONFLICT (author_id, topic_id) DO UPDATE
            SET imported_works_count = EXCLUDED.imported_works_count
            WHERE profiles_authortopic.imported_works_count
                IS DISTINCT FROM EXCLUDED.imported_works_count
        RETURNING author_id)
    UPDATE s_author s SET changed = true
    WHERE s.id IN (SELECT author_id FROM z UNION SELECT author_id FROM u)""",
    # Slots imported before the record that name it by OpenAlex id or ORCID iD, once a work.
    """WITH c AS (SELECT DISTINCT ON (au.work_id, s.id) au.id AS slot_id, s.id AS author_id
        FROM s_author s JOIN profiles_authorrecord a ON a.id = s.id
        JOIN profiles_authorship au ON au.author_id IS NULL
            AND (au.author_openalex_id = a.openalex_id
                 OR (a.orcid IS NOT NULL AND au.author_orcid = a.orcid))
        WHERE NOT EXISTS (SELECT 1 FROM profiles_authorship o
            WHERE o.work_id = au.work_id AND o.author_id = s.id)
        ORDER BY au.work_id, s.id, au.position),
    l AS (UPDATE profiles_authorship au SET author_id = c.author_id FROM c
        WHERE au.id = c.slot_id RETURNING au.author_id)
    UPDATE s_author s SET changed = true WHERE s.id IN (SELECT author_id FROM l)""",
    """UPDATE profiles_authorrecord a SET updated_at = now() FROM s_author s
        WHERE a.id = s.id AND s.changed AND a.updated_at <> now()""",
]

WORKS_RESOLVE = [
    "UPDATE s_work s SET id = w.id FROM profiles_work w WHERE w.openalex_id = s.oid",
    """UPDATE s_work s SET id = w.id FROM profiles_work w
        WHERE s.id IS NULL AND s.doi <> '' AND w.doi = s.doi
        AND NOT EXISTS (SELECT 1 FROM s_work o WHERE o.id = w.id)""",
    # The exact title, unless the held work's own ids say it is another work.
    """UPDATE s_work s SET id = w.id FROM profiles_work w
        WHERE s.id IS NULL AND w.title = s.title
        AND (w.openalex_id IS NULL OR w.openalex_id = s.oid)
        AND (s.doi = '' OR w.doi IS NULL OR w.doi = s.doi)
        AND NOT EXISTS (SELECT 1 FROM s_work o WHERE o.id = w.id)""",
    # A DOI held by another work (or an earlier one of the chunk) is not copied.
    """UPDATE s_work s SET doi = '' WHERE s.doi <> '' AND (
        EXISTS (SELECT 1 FROM profiles_work w WHERE w.doi = s.doi AND w.id IS DISTINCT FROM s.id)
        OR s.oid IN (SELECT oid FROM (SELECT oid, row_number() OVER (PARTITION BY doi
            ORDER BY oid) AS k FROM s_work WHERE doi <> '') d WHERE k > 1))""",
]

WORKS = [
    """WITH u AS (UPDATE profiles_work w SET title = s.title, work_type = s.work_type,
            year = s.year, venue = s.venue, abstract = s.abstract, doi = NULLIF(s.doi, ''),
            arxiv_id = NULL, alternative_titles = '[]'::jsonb, author_list_complete = true,
            source = 'openalex', openalex_id = s.oid,
            url = CASE WHEN s.url <> '' THEN s.url ELSE w.url END, updated_at = now()
        FROM s_work s WHERE w.id = s.id AND (w.title, w.work_type, w.year, w.venue,
            w.abstract, w.doi, w.arxiv_id, w.alternative_titles, w.author_list_complete,
            w.source, w.openalex_id, w.url)
        IS DISTINCT FROM (s.title, s.work_type, s.year, s.venue, s.abstract,
            NULLIF(s.doi, ''), NULL, '[]'::jsonb, true, 'openalex', s.oid,
            CASE WHEN s.url <> '' THEN s.url ELSE w.url END)
        RETURNING w.id)
    UPDATE s_work s SET changed = true FROM u WHERE u.id = s.id""",
    """WITH n AS (INSERT INTO profiles_work (title, work_type, year, venue, abstract,
            alternative_titles, author_list_complete, doi, arxiv_id, openalex_id, url,
            source, created_at, updated_at)
        SELECT title, work_type, year, venue, abstract, '[]'::jsonb, true, NULLIF(doi, ''),
            NULL, oid, url, 'openalex', now(), now()
        FROM s_work WHERE id IS NULL ORDER BY oid RETURNING id, openalex_id)
    UPDATE s_work s SET id = n.id, created = true FROM n WHERE n.openalex_id = s.oid""",
    """WITH w AS (SELECT DISTINCT s.id AS work_id, t.id AS topic_id
        FROM s_wtopic x JOIN s_work s ON s.oid = x.oid
        JOIN profiles_topic t ON t.openalex_id = x.topic_oid),
    d AS (DELETE FROM profiles_work_topics wt USING s_work s WHERE wt.work_id = s.id
        AND NOT EXISTS (SELECT 1 FROM w WHERE w.work_id = wt.work_id
            AND w.topic_id = wt.topic_id)
        RETURNING wt.work_id),
    i AS (INSERT INTO profiles_work_topics (work_id, topic_id)
        SELECT work_id, topic_id FROM w ORDER BY 1, 2 ON CONFLICT DO NOTHING
        RETURNING work_id)
    UPDATE s_work s SET changed = true
    WHERE s.id IN (SELECT work_id FROM d UNION SELECT work_id FROM i) AND NOT s.created""",
]

# The chunk's slots with their work, whether it is new, their record (by OpenAlex id, the
# survivor of a merged record, then ORCID iD) and a fresh id drawn when staged (`new_id`;
# unused when the slot keeps its row): one pass, so no staging row is rewritten.
SLOTS_RESOLVE = [
    """INSERT INTO s_slotr (oid, position, raw_name, author_oid, author_orcid, is_corr,
            has_inst, work_id, created, author_id)
        SELECT x.oid, x.position, x.raw_name, x.author_oid, x.author_orcid, x.is_corr,
            x.has_inst, s.id, s.created, COALESCE(a.id,
                CASE WHEN x.author_oid <> '' THEN (SELECT r.target_id
                    FROM profiles_recordredirect r WHERE r.old_openalex_id = x.author_oid
                    ORDER BY r.id LIMIT 1) END,
                CASE WHEN x.author_orcid <> '' THEN (SELECT o.id FROM profiles_authorrecord o
                    WHERE o.orcid = x.author_orcid) END)
        FROM s_slot x JOIN s_work s ON s.oid = x.oid
        LEFT JOIN profiles_authorrecord a ON x.author_oid <> '' AND a.openalex_id = x.author_oid""",
    "ANALYZE s_slotr",
]

# Only for works held before the chunk (skipped when every work of the chunk is new).
SLOTS_EXISTING = [
    # A slot's row stays when the same name stays at the same place (and the same record).
    """UPDATE s_slotr x SET row_id = au.id FROM profiles_authorship au
        WHERE NOT x.created AND au.work_id = x.work_id AND au.position = x.position
        AND au.raw_name = x.raw_name AND (x.author_id IS NULL OR x.author_id = au.author_id)""",
    "ANALYZE s_slotr",  # the kept rows, so the statements below join them by hash
    """WITH d AS (DELETE FROM profiles_authorship au USING s_work s WHERE au.work_id = s.id
        AND NOT s.created AND NOT EXISTS (SELECT 1 FROM s_slotr x WHERE x.row_id = au.id)
        RETURNING au.work_id, au.author_id, au.is_hidden)
    INSERT INTO s_gone SELECT * FROM d""",
    """WITH u AS (UPDATE profiles_authorship au SET is_corresponding = x.is_corr,
            author_openalex_id = COALESCE(NULLIF(x.author_oid, ''), au.author_openalex_id),
            author_orcid = COALESCE(NULLIF(x.author_orcid, ''), au.author_orcid)
        FROM s_slotr x WHERE x.row_id IS NOT NULL AND au.id = x.row_id
        AND (au.is_corresponding, au.author_openalex_id, au.author_orcid) IS DISTINCT FROM
            (x.is_corr, COALESCE(NULLIF(x.author_oid, ''), au.author_openalex_id),
             COALESCE(NULLIF(x.author_orcid, ''), au.author_orcid))
        RETURNING au.work_id)
    UPDATE s_work s SET changed = true
    WHERE s.id IN (SELECT work_id FROM u UNION SELECT work_id FROM s_gone)""",
    """UPDATE s_work s SET changed = true WHERE NOT s.created
        AND s.id IN (SELECT work_id FROM s_slotr WHERE row_id IS NULL)""",
    # Institutions of kept slots that list some: exactly those (new slots have none yet).
    """WITH w AS (SELECT DISTINCT x.row_id, i.id AS inst_id FROM s_slotinst si
        JOIN s_slotr x ON x.oid = si.oid AND x.position = si.position AND x.row_id IS NOT NULL
        JOIN s_inst i ON i.oid = si.inst_oid)
    DELETE FROM profiles_authorship_institutions ai USING s_slotr x
        WHERE x.has_inst AND x.row_id IS NOT NULL AND ai.authorship_id = x.row_id
        AND NOT EXISTS (SELECT 1 FROM w WHERE w.row_id = ai.authorship_id
            AND w.inst_id = ai.institution_id)""",
    """UPDATE profiles_authorrecord a SET updated_at = now()
        WHERE a.id IN (SELECT author_id FROM s_gone WHERE author_id IS NOT NULL)
        AND a.updated_at <> now()""",
]

SLOTS_NEW = [
    # New slots: linked to their record unless it already holds a slot of the work; a
    # record's replaced hidden slot stays hidden.
    """WITH x AS (SELECT x.*, row_number() OVER (PARTITION BY x.work_id, x.author_id
            ORDER BY x.position) AS k
        FROM s_slotr x WHERE x.row_id IS NULL)
    INSERT INTO profiles_authorship (id, work_id, position, raw_name, author_id,
            is_corresponding, author_openalex_id, author_orcid, is_hidden)
        SELECT x.new_id, x.work_id, x.position, x.raw_name, y.author_id, x.is_corr,
            x.author_oid, x.author_orcid, CASE WHEN y.author_id IS NULL OR x.created
                THEN false ELSE EXISTS (SELECT 1 FROM s_gone g WHERE g.work_id = x.work_id
                    AND g.author_id = y.author_id AND g.is_hidden) END
        FROM x CROSS JOIN LATERAL (SELECT CASE WHEN x.author_id IS NULL OR x.k > 1 THEN NULL
            WHEN x.created THEN x.author_id
            WHEN NOT EXISTS (SELECT 1 FROM profiles_authorship o
                WHERE o.work_id = x.work_id AND o.author_id = x.author_id)
            THEN x.author_id END AS author_id) y
        ORDER BY x.work_id, x.position""",
    """INSERT INTO profiles_authorship_institutions (authorship_id, institution_id)
        SELECT DISTINCT COALESCE(x.row_id, x.new_id), i.id FROM s_slotinst si
        JOIN s_slotr x ON x.oid = si.oid AND x.position = si.position
        JOIN s_inst i ON i.oid = si.inst_oid
        ORDER BY 1, 2 ON CONFLICT DO NOTHING""",
    # What changed on a work (its slots, its topics) counts as an update of it.
    """UPDATE profiles_work w SET updated_at = now() FROM s_work s
        WHERE w.id = s.id AND s.changed AND w.updated_at <> now()""",
]
