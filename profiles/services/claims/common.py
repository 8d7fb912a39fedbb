"""Shared pieces of the claim rules: limits, the typed error and its codes."""

from __future__ import annotations

import logging

from profiles.errors import ServiceError
from profiles.evidence.report import Decision

logger = logging.getLogger(__name__)

STRONG = Decision.STRONG  # the evidence decision that may approve a claim by itself
MAX_STATEMENT_CHARS = 5000
MAX_OBJECTION_CHARS = 2000


# Any refused claim rule; the typed classes below say which status it is.
ClaimError = ServiceError

# Error codes, and the class each is raised with.
EMAIL_UNVERIFIED = "email_unverified"
ALREADY_CLAIMED = "already_claimed"
OWN_RECORD = "own_record"
OWNS_ANOTHER = "owns_another_record"
DUPLICATE_PENDING = "duplicate_pending"
NO_NEW_EVIDENCE = "no_new_evidence"
NO_EVIDENCE = "no_evidence"
NOT_PENDING = "not_pending"
RECORD_TAKEN = "record_taken"
NOT_YOURS = "not_yours"
REASON_REQUIRED = "reason_required"
OBJECTION_CLOSED = "objection_closed"
NOT_A_COAUTHOR = "not_a_coauthor"
DUPLICATE_OBJECTION = "duplicate_objection"
