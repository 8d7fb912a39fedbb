"""Claims: the one place with the rules for claiming an author record (docs/claims.md).

Every write is a function with keyword-only arguments inside `transaction.atomic`, writing its
history row (ClaimEvent, ProfileEvent) in the same transaction. Views, API views, the admin
and commands call these functions and turn `ClaimError` into responses; the error's `code`
is stable and tested.

Evidence scoring and identity proofs come from the evidence engine (profiles/evidence/);
this package decides what to do with their answers.
"""

# The public names, importable from the package as before the split.
from profiles.evidence.proofs import strength_of  # noqa: F401
from profiles.services.claims.assess import (  # noqa: F401
    Evidence,
    assess,
    check_pasted_text,
    fingerprint,
    read_upload,
)
from profiles.services.claims.common import (  # noqa: F401
    ALREADY_CLAIMED,
    DUPLICATE_OBJECTION,
    DUPLICATE_PENDING,
    EMAIL_UNVERIFIED,
    MAX_OBJECTION_CHARS,
    MAX_STATEMENT_CHARS,
    NO_EVIDENCE,
    NO_NEW_EVIDENCE,
    NOT_A_COAUTHOR,
    NOT_PENDING,
    NOT_YOURS,
    OBJECTION_CLOSED,
    OWN_RECORD,
    OWNS_ANOTHER,
    REASON_REQUIRED,
    RECORD_TAKEN,
    STRONG,
    ClaimError,
    logger,
)
from profiles.services.claims.decisions import (  # noqa: F401
    claim_approve,
    claim_refusal_note,
    claim_reject,
    claim_withdraw,
    owner_recheck_level,
    release_ownership,
)
from profiles.services.claims.disputes import (  # noqa: F401
    DUPLICATE_DISPUTE,
    NOT_CLAIMED,
    NOT_OPEN,
    approved_claim,
    check_may_dispute,
    dispute_dismiss,
    dispute_submit,
    dispute_uphold,
    open_dispute,
)
from profiles.services.claims.levels import (  # noqa: F401
    FAST_LANE,
    has_strong_proof,
    level_for,
    may_auto_approve,
    proof_addresses,
)
from profiles.services.claims.notice import (  # noqa: F401
    approve_after_notice,
    in_notice_period,
)
from profiles.services.claims.objections import (  # noqa: F401
    claim_object,
    claimant_label,
    coauthor_owner_records,
    may_object,
    objections_open,
)
from profiles.services.claims.preview import (  # noqa: F401
    EVIDENCE_REQUIRED,
    evidence_preview,
)
from profiles.services.claims.queue import (  # noqa: F401
    PanelState,
    has_verified_email,
    in_fast_lane,
    missing_evidence,
    owned_record,
    panel_state,
    queue_position,
    with_queue_position,
)
from profiles.services.claims.submit import (  # noqa: F401
    check_may_claim,
    claim_add_evidence,
    claim_submit,
)
