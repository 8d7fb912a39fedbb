"""What a record's owner changes on their own profile: the public facts, name variants
(private former names included: used for matching, never shown), links, collaboration
availability, and which works the page shows. Each write checks ownership, writes a history
line and recomputes counters and trust."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from profiles.choices import ProfileEventKind, RecordSource
from profiles.errors import Invalid, NotAllowed
from profiles.identifiers import normalize_arxiv, normalize_doi
from profiles.markup import MAX_BIO_CHARS
from profiles.models import (
    AuthorRecord,
    Authorship,
    Institution,
    NameVariant,
    ProfileEvent,
    Work,
)
from profiles.selectors.records import find_work, record_holding_name, similar_work
from profiles.services.records import refresh_author_stats

NOT_OWNER = "not_owner"
BAD_LINK = "bad_link"
MAX_LINKS = 10
MAX_VARIANTS = 20


def is_owner(user, author: AuthorRecord) -> bool:
    """The one owner check: a signed-in person who owns this record."""
    return bool(getattr(user, "is_authenticated", False)) and author.owner_id == user.pk


def _owned(author: AuthorRecord, user) -> AuthorRecord:
    author = AuthorRecord.objects.select_for_update().get(pk=author.pk)
    if not is_owner(user, author):
        raise NotAllowed(_("Only the record's owner can change it."), code=NOT_OWNER)
    return author


def clean_links(links: Iterable[dict]) -> list[dict]:
    """Links as [{"label", "url"}], http(s) only."""
    cleaned = []
    for link in links:
        url = (link.get("url") or "").strip()
        label = (link.get("label") or "").strip()[:80]
        parsed = urlparse(url)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise Invalid(
                _("“%(url)s” is not a web address starting with https://.") % {"url": url[:100]},
                code=BAD_LINK,
            )
        cleaned.append({"label": label or parsed.netloc, "url": url[:500]})
    if len(cleaned) > MAX_LINKS:
        raise Invalid(_("At most %(n)s links.") % {"n": MAX_LINKS}, code=BAD_LINK)
    return cleaned


def _names(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        name = " ".join((value or "").split())[:200]
        if name and name not in seen:
            seen.append(name)
    return seen


@transaction.atomic
def profile_update(
    *,
    author: AuthorRecord,
    user,
    headline: str | None = None,
    bio: str | None = None,
    affiliation: Institution | None | bool = False,
    open_to_collaborate: bool | None = None,
    hide_followers: bool | None = None,
    links: list[dict] | None = None,
    public_names: list[str] | None = None,
    private_names: list[str] | None = None,
) -> AuthorRecord:
    """Change what the owner may change; arguments left as None (affiliation: False) stay.
    Private names are stored as private name variants: matched, never shown."""
    author = _owned(author, user)
    changed: list[str] = []
    if headline is not None and headline.strip() != author.headline:
        author.headline = headline.strip()[:300]
        changed.append("headline")
    if bio is not None and bio.strip() != author.bio:
        author.bio = bio.strip()[:MAX_BIO_CHARS]
        changed.append("bio")
    if affiliation is not False and getattr(affiliation, "pk", None) != author.affiliation_id:
        author.affiliation = affiliation if isinstance(affiliation, Institution) else None
        author.affiliation_by_owner = author.affiliation is not None
        changed.append("affiliation")
    if open_to_collaborate is not None and open_to_collaborate != author.open_to_collaborate:
        author.open_to_collaborate = open_to_collaborate
        changed.append("open_to_collaborate")
    if hide_followers is not None and hide_followers != author.hide_followers:
        author.hide_followers = hide_followers
        changed.append("hide_followers")
    if links is not None:
        cleaned = clean_links(links)
        if cleaned != author.links:
            author.links = cleaned
            changed.append("links")
    if changed:
        extra = ["affiliation_by_owner"] if "affiliation" in changed else []
        author.save(update_fields=[*changed, *extra, "updated_at"])
    if _set_names(author, public_names=public_names, private_names=private_names):
        changed.append("names")
    if changed:
        # Which fields changed, never their values: private names must not leak into history.
        ProfileEvent.objects.create(
            author=author,
            kind=ProfileEventKind.EDITED,
            actor=user,
            new_value=", ".join(changed)[:100],
            reason=_("edited by the owner"),
        )
    return refresh_author_stats(author=author, actor=user, reason=_("profile edited"))


def _set_names(
    author: AuthorRecord, *, public_names: list[str] | None, private_names: list[str] | None
) -> bool:
    """Store the owner's public and private names; whether they changed."""
    if public_names is None and private_names is None:
        return False
    current = {v.name: v for v in author.name_variants.all()}
    public = (
        _names(public_names)
        if public_names is not None
        else [n for n, v in current.items() if not v.is_private]
    )
    private = (
        _names(private_names)
        if private_names is not None
        else [n for n, v in current.items() if v.is_private]
    )
    public = [n for n in public if n not in private and n != author.display_name]
    private = [n for n in private if n != author.display_name]
    if len(public) + len(private) > MAX_VARIANTS:
        raise Invalid(_("At most %(n)s names.") % {"n": MAX_VARIANTS}, code="too_many_names")
    _check_names_free(author, set(current), public=public, private=private)
    wanted = {**{n: False for n in public}, **{n: True for n in private}}
    if {n: v.is_private for n, v in current.items()} != wanted:
        NameVariant.objects.filter(author=author).exclude(name__in=list(wanted)).delete()
        for name, is_private in wanted.items():
            NameVariant.objects.update_or_create(
                author=author,
                name=name,
                defaults={"is_private": is_private, "source": RecordSource.OWNER},
            )
        return True
    return False


NAME_TAKEN = "name_taken"


def _check_names_free(
    author: AuthorRecord, kept: set[str], *, public: list[str], private: list[str]
) -> None:
    """Refuse a newly declared name that another record holds (its display name or a public
    variant, compared with `name_keys`: a Cyrillic look-alike is the same name). Such a name
    would take that researcher's unlinked slots, searches and co-authors: a moderator adds it
    after checking. Names the record already had are kept as they are."""
    for field, names in (("public_names", public), ("private_names", private)):
        for name in names:
            if name in kept:
                continue
            other = record_holding_name(name, exclude_pk=author.pk)
            if other is not None:
                raise Invalid(
                    _(
                        "\u201c%(name)s\u201d is the name of another researcher's record "
                        "(%(other)s). A name another record holds needs a moderator: write to "
                        "them if it is yours too."
                    )
                    % {"name": name, "other": other.display_name},
                    code=NAME_TAKEN,
                    field=field,
                )


@transaction.atomic
def work_set_hidden(*, author: AuthorRecord, user, work: Work, hidden: bool) -> AuthorRecord:
    """Hide a work from the owner's page (or show it again); the fact stays recorded."""
    author = _owned(author, user)
    updated = Authorship.objects.filter(author=author, work=work).update(is_hidden=hidden)
    if not updated:
        raise Invalid(_("This work is not on your record."), code="not_on_record")
    ProfileEvent.objects.create(
        author=author,
        kind=ProfileEventKind.EDITED,
        actor=user,
        new_value=("hid work %s" if hidden else "showed work %s") % work.pk,
    )
    return refresh_author_stats(author=author, actor=user, reason=_("works changed"))


def _owner_names(author: AuthorRecord) -> list[str]:
    """The names the owner may be printed under: the display name and the variants that no
    other record holds (a name stored before that rule must not take someone's slots)."""
    variants = author.name_variants.values_list("name", flat=True)
    return [author.display_name] + [
        n for n in variants if record_holding_name(n, exclude_pk=author.pk) is None
    ]


def _join_existing_work(*, work: Work, author: AuthorRecord, field: str, by_title: bool) -> None:
    """Put the owner on a work's author list without letting anyone sign someone else's
    paper: an unlinked printed name that is one of the owner's names is linked; otherwise the
    owner is appended only to a list known to be incomplete, and never to a work found by its
    title alone. Else refused (a moderator can add them after checking)."""
    from profiles.evidence.names import EXACT, INITIALS, best_match

    names = _owner_names(author)
    for slot in work.authorships.filter(author__isnull=True).order_by("position"):
        if best_match(slot.raw_name, names)[0].kind in (EXACT, INITIALS):
            slot.author = author
            slot.save(update_fields=["author"])
            return
    if by_title:
        raise Invalid(
            _(
                "This work is already listed (\u201c%(title)s\u201d, %(year)s), and no free "
                "author position prints your name. Ask a moderator to add you to it."
            )
            % {"title": work.title, "year": work.year},
            code="not_an_author",
            field=field,
        )
    if work.author_list_complete and work.authorships.exists():
        raise Invalid(
            _(
                "This work is already listed, and its author list does not print your name. "
                "Ask a moderator to add you to it."
            ),
            code="not_an_author",
            field=field,
        )
    last = work.authorships.aggregate(m=Max("position"))["m"] or 0
    Authorship.objects.create(
        work=work, author=author, position=last + 1, raw_name=author.display_name
    )


def _clean_ids(doi: str, arxiv_id: str) -> tuple[str | None, str | None]:
    """The DOI and arXiv id normalised; a malformed one is a field error, never dropped."""
    doi_norm = normalize_doi(doi) or None
    if (doi or "").strip() and not doi_norm:
        raise Invalid(
            _("This is not a DOI: a DOI looks like 10.1145/3600061.3600067."),
            code="invalid",
            field="doi",
        )
    arxiv_norm = normalize_arxiv(f"arXiv:{arxiv_id.strip()}") if (arxiv_id or "").strip() else None
    if (arxiv_id or "").strip() and not arxiv_norm:
        raise Invalid(
            _("This is not an arXiv id: one looks like 2306.01234 or hep-th/9901001."),
            code="invalid",
            field="arxiv_id",
        )
    return doi_norm, arxiv_norm


@transaction.atomic
def work_add_by_owner(
    *,
    author: AuthorRecord,
    user,
    title: str,
    year: int | None = None,
    venue: str = "",
    doi: str = "",
    arxiv_id: str = "",
) -> Work:
    """Add a work to one's own record. A work already known by DOI or arXiv id, or (without
    either) by a near-identical title of the same year, is joined instead of duplicated
    (`_join_existing_work` says when); its other authors are untouched. A malformed DOI or
    arXiv id is a field error. A new work is stored as typed in by the owner: it counts
    toward trust only once a known source confirms it."""
    author = _owned(author, user)
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("A work needs a title."), code="invalid", field="title")
    doi_norm, arxiv_norm = _clean_ids(doi, arxiv_id)
    work = find_work(doi=doi_norm or "", arxiv_id=arxiv_norm or "")
    by_title = False
    if work is None and not (doi_norm or arxiv_norm):
        work = similar_work(title=title, year=year)
        by_title = work is not None
    if work is None:
        work = Work(
            title=title[:1000],
            year=year,
            venue=venue.strip()[:300],
            doi=doi_norm,
            arxiv_id=arxiv_norm,
            author_list_complete=False,
            source=RecordSource.OWNER,
        )
        work.full_clean(validate_unique=False)
        work.save()
    if Authorship.objects.filter(work=work, author=author).exists():
        Authorship.objects.filter(work=work, author=author).update(is_hidden=False)
    else:
        field = "title" if by_title else "doi" if doi_norm and work.doi == doi_norm else "arxiv_id"
        _join_existing_work(work=work, author=author, field=field, by_title=by_title)
    ProfileEvent.objects.create(
        author=author, kind=ProfileEventKind.EDITED, actor=user, new_value=f"added work {work.pk}"
    )
    refresh_author_stats(author=author, actor=user, reason=_("works changed"))
    return work
