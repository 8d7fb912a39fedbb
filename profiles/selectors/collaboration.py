"""Reads of follows, the following feed, invitations and conversations, each with a fixed
number of queries (tests/collaboration/test_collaboration_pages.py pins them). Only the two
parties of an invitation or conversation can read it: for anyone else it does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404

from profiles.choices import InvitationStatus, ProfileEventKind
from profiles.identifiers import parse_row_id
from profiles.models import (
    AuthorRecord,
    Authorship,
    Conversation,
    Follow,
    Invitation,
    Message,
    Participant,
    ProfileEvent,
)
from profiles.selectors.moderation import is_suspended
from profiles.services import collaboration as invitation_services

# --- Follows ----------------------------------------------------------------------------


def followed_by(user) -> QuerySet[Follow]:
    """Records a person follows, most recently followed first."""
    return Follow.objects.filter(user=user, author__hidden=False).select_related(
        "author", "author__affiliation"
    )


def followers_of(author: AuthorRecord) -> QuerySet[Follow]:
    """Who follows a record. People are shown by the record they own, never by email."""
    return Follow.objects.filter(author=author).select_related("user__author_record")


def can_see_followers(*, user, author: AuthorRecord) -> bool:
    """The followers list is public unless the owner hides it; the owner always sees it."""
    from profiles.services.owner import is_owner

    return is_owner(user, author) or not author.hide_followers


# --- The following feed -----------------------------------------------------------------

# Trust-score changes stay out: every added work or new follower moves the score, and a feed
# of "13 → 15" lines would bury the news (the record's history keeps them).
FEED_EVENT_KINDS = [
    ProfileEventKind.CLAIMED,
    ProfileEventKind.LEVEL,
    ProfileEventKind.EDITED,
    ProfileEventKind.RELEASED,
]


@dataclass(frozen=True)
class FeedItem:
    kind: str  # "work" or "event"
    at: datetime
    author: AuthorRecord
    work: object = None
    event: ProfileEvent | None = None
    text: str = ""  # in words (profiles/selectors/feed.py): "added a work: <title>"


def feed_rows(user) -> QuerySet:
    """One sortable stream of (kind, id, author, time) rows: works added to followed records
    and their profile updates, newest first. Paginate it, then `hydrate_feed` the page."""
    # A record the moderators hid leaves its followers' feeds (and their following list).
    followed = Follow.objects.filter(user=user, author__hidden=False).values("author_id")
    works = (
        Authorship.objects.filter(author_id__in=followed, is_hidden=False)
        .annotate(
            feed_kind=Value("work", output_field=CharField()),
            obj_id=F("work_id"),
            at=F("work__created_at"),
        )
        .values_list("feed_kind", "obj_id", "author_id", "at")
        .order_by()
    )
    events = (
        ProfileEvent.objects.filter(author_id__in=followed, kind__in=FEED_EVENT_KINDS)
        # An owner's added work is already in the feed as the work itself.
        .exclude(kind=ProfileEventKind.EDITED, new_value__startswith="added work ")
        .annotate(
            feed_kind=Value("event", output_field=CharField()),
            obj_id=F("id"),
            at=F("created_at"),
        )
        .values_list("feed_kind", "obj_id", "author_id", "at")
        .order_by()
    )
    return works.union(events, all=True).order_by("-at", "-obj_id")


def hydrate_feed(rows) -> list[FeedItem]:
    """Turn a page of feed rows into items with their objects and their sentence (three
    queries at most: works, events, records)."""
    from profiles.models import Work
    from profiles.selectors.feed import describe, event_work_id

    rows = list(rows)
    event_ids = {r[1] for r in rows if r[0] == "event"}
    events = ProfileEvent.objects.in_bulk(event_ids) if event_ids else {}
    # An owner's "added work 21" names its work: load it with the feed's own works.
    named = {e.pk: event_work_id(e.new_value) for e in events.values()}
    work_ids = {r[1] for r in rows if r[0] == "work"} | {w for w in named.values() if w}
    works = Work.objects.in_bulk(work_ids) if work_ids else {}
    author_ids = {r[2] for r in rows}
    authors = AuthorRecord.objects.in_bulk(author_ids) if author_ids else {}
    items = []
    for kind, obj_id, author_id, at in rows:
        event = events.get(obj_id) if kind == "event" else None
        work_id = obj_id if kind == "work" else named.get(obj_id)
        work = works.get(work_id) if work_id else None
        items.append(
            FeedItem(
                kind=kind,
                at=at,
                author=authors[author_id],
                work=work,
                event=event,
                text=describe(kind, event=event, work=work),
            )
        )
    return items


# --- Invitations ------------------------------------------------------------------------


def _invitations() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("sender_record", "recipient_record")


def invitation_box(*, user, box: str) -> QuerySet[Invitation]:
    """Received (`inbox`) or sent (`outbox`) invitations, newest first; overdue ones read as
    expired (Invitation.from_db)."""
    qs = _invitations()
    return qs.filter(sender=user) if box == "outbox" else qs.filter(recipient=user)


def invitation_for(*, user, pk) -> Invitation:
    """One invitation for one of its two parties; 404 for everyone else."""
    pk = parse_row_id(pk)
    if pk is None or not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        return (
            _invitations()
            .select_related("conversation")
            .prefetch_related("works", "topics")
            .get(Q(sender=user) | Q(recipient=user), pk=pk)
        )
    except (Invitation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def pending_invitation_to(*, user, author: AuthorRecord) -> Invitation | None:
    if not getattr(user, "is_authenticated", False) or author.owner_id is None:
        return None
    return (
        Invitation.objects.filter(
            sender=user, recipient_record=author, status=InvitationStatus.PENDING
        )
        .only("id", "expires_at")
        .first()
    )


# --- Conversations ----------------------------------------------------------------------


def conversations_for(user) -> QuerySet[Participant]:
    """A person's conversations (their seat in each), most recent activity first, with the
    other party's record and whether anything unread is waiting."""
    unread = Message.objects.filter(conversation=OuterRef("conversation")).exclude(sender=user)
    return (
        Participant.objects.filter(user=user)
        .select_related("conversation__invitation")
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.exclude(user=user).select_related("record"),
                to_attr="others",
            )
        )
        .annotate(
            has_unread=Exists(unread.filter(created_at__gt=OuterRef("last_read_at")))
            | (Q(last_read_at__isnull=True) & Exists(unread))
        )
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def conversation_for(*, user, pk) -> tuple[Conversation, Participant, Participant]:
    """A conversation with the caller's seat and the other party's; 404 for anyone else."""
    pk = parse_row_id(pk)
    if pk is None or not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        seats = list(
            Participant.objects.filter(conversation_id=pk).select_related(
                "conversation__invitation", "record"
            )
        )
    except (ValueError, TypeError) as exc:
        raise Http404 from exc
    mine = next((s for s in seats if s.user_id == user.pk), None)
    other = next((s for s in seats if s.user_id != user.pk), None)
    if mine is None or other is None:
        raise Http404
    return mine.conversation, mine, other


def conversation_messages(conversation: Conversation) -> QuerySet[Message]:
    return Message.objects.filter(conversation=conversation).order_by("created_at", "id")


# --- Counts for the navigation ----------------------------------------------------------


def unread_counts(user) -> dict[str, int]:
    """Invitations with news (received and unseen, or answered and unseen by their sender)
    and conversations with unread messages. Two queries."""
    now = _now()
    overdue = Q(status=InvitationStatus.PENDING, expires_at__lte=now)
    invitations = Invitation.objects.filter(
        Q(recipient=user, recipient_seen_at__isnull=True, status=InvitationStatus.PENDING)
        & ~overdue
        | Q(sender=user, sender_seen_at__isnull=True)
        # An expiry not yet stored is news to its sender until they look at it.
        | (Q(sender=user) & overdue & Q(sender_seen_at__lt=F("expires_at")))
    ).count()
    unread = Message.objects.filter(conversation=OuterRef("conversation")).exclude(sender=user)
    conversations = (
        Participant.objects.filter(user=user)
        .filter(
            Exists(unread.filter(created_at__gt=OuterRef("last_read_at")))
            | (Q(last_read_at__isnull=True) & Exists(unread))
        )
        .count()
    )
    return {"invitations": invitations, "conversations": conversations}


# --- The page's "Direct collaboration" panel --------------------------------------------


@dataclass(frozen=True)
class PanelState:
    """What the panel shows: `claim_first`, `own`, `not_open`, `log_in`, `pending`,
    `not_eligible` (with the reason) or `invite`. A block is never shown: a blocked viewer
    sees `invite` and is refused with the "not open" message."""

    state: str
    message: str = ""
    invitation: Invitation | None = None


def panel_state(*, user, author: AuthorRecord) -> PanelState:
    signed_in = getattr(user, "is_authenticated", False)
    if author.do_not_contact:
        return PanelState("do_not_contact")
    if author.owner_id is None:
        return PanelState("claim_first")
    if signed_in and author.owner_id == user.pk:
        return PanelState("own")
    if not author.open_to_collaborate or is_suspended(author.owner_id):
        return PanelState("not_open")
    if not signed_in:
        return PanelState("log_in")
    pending = pending_invitation_to(user=user, author=author)
    if pending is not None and pending.expires_at > _now():
        return PanelState("pending", invitation=pending)
    eligibility = invitation_services.sender_eligibility(user)
    if not eligibility.ok:
        return PanelState("not_eligible", message=eligibility.message)
    return PanelState("invite")


def _now():
    from django.utils import timezone

    return timezone.now()
