"""What the evidence engine knows about a record and a claimant, as plain frozen values.

The selectors in profiles/selectors/evidence.py read them from the database in a fixed
number of queries; everything else in this package works on these values only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkFacts:
    """One of the record's works."""

    work_id: int
    title: str
    alternative_titles: tuple[str, ...]
    year: int | None
    venue: str
    doi: str
    arxiv_id: str
    # (position, printed name, is this record's slot) in printed order
    slots: tuple[tuple[int, str, bool], ...]

    @property
    def titles(self) -> tuple[str, ...]:
        """The work's title and its other titles (a preprint's, a conference version's)."""
        return (self.title, *self.alternative_titles)

    def own_slot(self) -> tuple[int, str] | None:
        """(position, printed name) of the record's own slot on this work, if any."""
        return next(((pos, name) for pos, name, own in self.slots if own), None)


@dataclass(frozen=True)
class RecordFacts:
    """A record's names (display name, every variant, the names its works print for it),
    works and institution email domains."""

    record_id: int
    display_name: str
    names: tuple[str, ...]
    orcid: str
    works: tuple[WorkFacts, ...]
    domains: tuple[str, ...] = ()
    # Private variants (former names) count for matching but are never named in a reason.
    private_names: tuple[str, ...] = ()
    # Whether this site offers ORCID sign-in at all: where it does not, nothing suggests it.
    orcid_sign_in: bool = True

    def shown_name(self, name: str) -> str:
        """The name a reason may quote: a private variant is replaced by the display name."""
        return self.display_name if name in self.private_names else name


@dataclass(frozen=True)
class ClaimantFacts:
    """What a signed-in claimant's account holds that can prove who they are."""

    orcid_ids: tuple[str, ...] = ()  # ORCID iDs proven by signing in with ORCID
    verified_emails: tuple[str, ...] = ()
    unverified_emails: tuple[str, ...] = ()
