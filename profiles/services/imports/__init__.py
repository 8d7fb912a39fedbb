"""Loading public records read by profiles/importers into the database.

Each `import_*` function writes one source record in its own transaction and returns whether
it created, updated or left unchanged what it touched; `import_openalex_objects` and
`import_orcid_records` run a batch, collecting a per-record error instead of stopping.

Rules (docs/importers.md):
- Records are matched by OpenAlex id, then ORCID iD; institutions by OpenAlex id, then ROR;
  topics by OpenAlex id; works by OpenAlex id, DOI, arXiv id, then exact title.
- A claimed record belongs to its owner: an import only fills fields that are still empty
  (affiliation, headline, bio, ORCID, OpenAlex id, missing external ids) and never touches
  its name or name variants. Private name variants are never changed on any record.
- Importing the same data twice changes nothing: every write compares first.
- Email domains come from an institution's homepage only when its host is under an
  academic-only suffix (.edu, .ac.xx, .edu.xx); otherwise the institution gets none and a
  moderator adds them by hand, because a domain lets an email address prove membership.
"""

# The public names, importable from the package as before the split.
from profiles.services.imports.authors import (  # noqa: F401
    import_openalex_author,
)
from profiles.services.imports.batches import (  # noqa: F401
    import_openalex_object,
    import_orcid_object,
    run_batch,
)
from profiles.services.imports.common import (  # noqa: F401
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    email_domain_for,
)
from profiles.services.imports.institutions import (  # noqa: F401
    import_openalex_institution,
    import_openalex_topic,
)
from profiles.services.imports.orcid import (  # noqa: F401
    import_orcid_record,
)
from profiles.services.imports.works import (  # noqa: F401
    import_openalex_work,
)
