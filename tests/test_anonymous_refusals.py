"""Every URL the project serves refuses anonymous visitors unless it is listed below.

The walk goes through every registered pattern (the site, the DRF router under /api/v1/,
allauth's pages and headless API, the admin). Each route gets a concrete URL built from real
objects, then an anonymous GET and POST. A method the route does not accept (405) is skipped;
every other answer must be a refusal: a redirect to the login page, 401 or 403. Admin routes
must redirect to the admin login.

A route that is neither refused nor listed in PUBLIC, ADMIN or KNOWN_BUGS fails the test with
its pattern and name, so a new view forgetting its login check is caught here. Lists are keyed
by the URL pattern string as the resolver prints it (prefixes joined), or by the route name
with its namespace: never by the module serving it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from profiles.services.claims import claim_submit
from profiles.services.collaboration import (
    accept_invitation,
    block_user,
    post_message,
    send_invitation,
)
from tests.factories import AuthorRecordFactory, AuthorshipFactory, UserFactory, researcher

pytestmark = pytest.mark.django_db

LOGIN_PATH = "/accounts/login/"
ADMIN_LOGIN_PATH = "/admin/login/"

# Routes anonymous visitors may use. Key: pattern string or namespaced route name.
PUBLIC: dict[str, str] = {
    # The public site
    "home": "home page",
    "health": "liveness probe: answers ok, touches nothing",
    "ready": "readiness probe: database and cache each ok or not, nothing else",
    "researchers/": "public directory of researchers",
    "researchers/<slug:slug>/": "public researcher page",
    "researchers/<slug:slug>/graph/": "public research graph explorer of a record",
    "researchers/<slug:slug>/followers/": "follower list, public unless the owner hides it "
    "(then 404); POST is the owner's setting, 404 to others",
    "unsubscribe/<str:token>/": "one-click unsubscribe authenticated by the signed token",
    "researchers/<slug:slug>/ask-moderators/": "anyone asks to hide an unclaimed record or not "
    "to contact through it (with an email address when not signed in; rate limited)",
    "moderators/contact/": "anyone writes to the moderators (email when not signed in; "
    "a claim or report attached must be their own; rate limited)",
    "moderators/contact/sent/": "static confirmation after a request",
    # Public REST API: read-only author data, the API root and the JSON 404
    "api:api-root": "DRF browsable root, lists endpoints only",
    "api:author-list": "public author list",
    "api:author-detail": "public author record",
    "api:author-works": "public works of a record",
    "api:author-history": "public trust history of a record (levels and scores, causes)",
    "api:author-graph": "public research graph of a record (JSON)",
    "api:author-followers": "follower list, public unless the owner hides it (then 404)",
    "api:author-claim-preview": "evidence preview for people deciding to sign up; stores nothing",
    "api:not-found": "catch-all answering 404 in the API's error shape",
    "api:moderation-requests": "POST a request to the moderators, as the pages allow anyone "
    "(email when not signed in; rate limited)",
    "api-schema": "OpenAPI schema",
    "api-docs": "Swagger UI",
    "api-redoc": "ReDoc UI",
    # Signing in, signing up, recovering an account (allauth pages)
    "account_login": "sign-in page",
    "account_logout": "sign-out page",
    "account_inactive": "static 'account inactive' page",
    "account_signup": "sign-up page",
    "account_email_verification_sent": "static 'check your email' page",
    "account_reset_password": "password reset request form",
    "account_reset_password_done": "static 'reset email sent' page",
    "account_reset_password_from_key": "reset form, authenticated by the emailed key",
    "account_reset_password_from_key_done": "static 'password changed' page",
    "account_confirm_email": "email confirmation, authenticated by the emailed key",
    "account_confirm_login_code": "login-by-code step of signing in",
    "socialaccount_login_cancelled": "static page after a cancelled ORCID sign-in",
    "socialaccount_login_error": "static page after a failed ORCID sign-in",
    "socialaccount_signup": "second step of signing up with ORCID",
    "accounts/social/login/cancelled/": "allauth's legacy redirect to the 3rdparty page",
    "accounts/social/login/error/": "allauth's legacy redirect to the 3rdparty page",
    "accounts/social/signup/": "allauth's legacy redirect to the 3rdparty page",
    "accounts/social/connections/": "allauth's legacy redirect to the 3rdparty page",
    "orcid_login": "starts ORCID sign-in",
    "orcid_callback": "ORCID sign-in callback",
    # allauth headless API: the anonymous half of signing in
    "headless:browser:config": "public client configuration",
    "headless:app:config": "public client configuration",
    "headless:browser:account:current_session": "answers 401 'not signed in' with flows",
    "headless:app:account:current_session": "answers 401 'not signed in' with flows",
    "headless:browser:account:login": "sign in",
    "headless:app:account:login": "sign in",
    "headless:browser:account:signup": "sign up",
    "headless:app:account:signup": "sign up",
    "headless:browser:account:confirm_login_code": "login-by-code step",
    "headless:app:account:confirm_login_code": "login-by-code step",
    "headless:browser:account:request_password_reset": "password reset request",
    "headless:app:account:request_password_reset": "password reset request",
    "headless:browser:account:reset_password": "password reset, authenticated by the key",
    "headless:app:account:reset_password": "password reset, authenticated by the key",
    "headless:browser:account:verify_email": "email verification by key",
    "headless:app:account:verify_email": "email verification by key",
    "headless:browser:account:resend_email_verification_code": "pending-signup step",
    "headless:app:account:resend_email_verification_code": "pending-signup step",
    "headless:browser:account:verify_phone": "pending-signup step",
    "headless:app:account:verify_phone": "pending-signup step",
    "headless:browser:account:resend_phone_verification_code": "pending-signup step",
    "headless:app:account:resend_phone_verification_code": "pending-signup step",
    "headless:browser:socialaccount:provider_signup": "ORCID sign-up step",
    "headless:app:socialaccount:provider_signup": "ORCID sign-up step",
    "headless:browser:socialaccount:redirect_to_provider": "starts ORCID sign-in",
    "headless:app:socialaccount:redirect_to_provider": "starts ORCID sign-in",
    "headless:browser:socialaccount:provider_token": "ORCID sign-in with a provider token",
    "headless:app:socialaccount:provider_token": "ORCID sign-in with a provider token",
    "headless:browser:account:manage_email": "GET 401; POST is the change-email step of a "
    "pending signup (409 without one)",
    "headless:app:account:manage_email": "GET 401; POST is the change-email step of a "
    "pending signup (409 without one)",
    "headless:browser:account:manage_phone": "GET 401; POST is the change-phone step of a "
    "pending signup (409 without one)",
    "headless:app:account:manage_phone": "GET 401; POST is the change-phone step of a "
    "pending signup (409 without one)",
    "headless_app_manage_phone": "allauth's phone endpoint (accounts/headless.py): as above",
    "headless_browser_manage_phone": "allauth's phone endpoint (accounts/headless.py): as above",
    "headless:app:tokens:refresh": "refreshes a token the client holds",
    "headless:openapi_yaml": "headless API specification",
    "headless:openapi_json": "headless API specification",
    "headless:openapi_html": "headless API specification",
    # The admin's own anonymous pages
    "admin:login": "admin sign-in page",
    "admin:logout": "admin sign-out",
}

# Route-name namespaces of staff-only sites: anonymous visitors are sent to the admin login.
ADMIN: dict[str, str] = {
    "admin": "the Django admin (staff only)",
}

# Routes that serve private data or accept writes from anonymous visitors today. Each is a
# bug: the test expects it to still misbehave (so a fix makes the entry stale and fails).
KNOWN_BUGS: dict[str, str] = {}


@dataclass(frozen=True)
class Route:
    pattern: str  # prefixes joined, as the resolver prints them
    name: str  # namespaced, "" when unnamed
    parts: tuple  # the pattern objects, outermost first


def walk(patterns=None, parts=(), namespace=""):
    """Every URLPattern reachable from the root resolver."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, (*parts, entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            all_parts = (*parts, entry.pattern)
            yield Route("".join(str(p) for p in all_parts), name, all_parts)


def all_routes() -> list[Route]:
    return list(walk())


def listed(route: Route, table: dict) -> str | None:
    for key in (route.pattern, route.name):
        if key and key in table:
            return key
    return None


def is_admin(route: Route) -> bool:
    return route.name.split(":")[0] in ADMIN or route.pattern.startswith("admin/")


# --- Building a concrete URL for a pattern ------------------------------------------------

CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


def value_for(name: str, pattern: str, objects: dict) -> str:
    if name == "slug":
        return objects["slug"]
    if name == "format":
        return "json"
    if name in ("pk", "id", "object_id", "content_type_id"):
        for prefix, key in (
            ("claims", "claim"),
            ("dashboard/claims", "claim"),
            ("api/v1/^claims", "claim"),
            ("invitations", "invitation"),
            ("api/v1/^invitations", "invitation"),
            ("conversations", "conversation"),
            ("api/v1/^conversations", "conversation"),
            ("settings/blocks", "block"),
            ("api/v1/^blocks", "block"),
            ("report/", "message"),
            ("api/v1/me/works", "work"),
            ("api/v1/authors", "author"),
            ("api/v1/^authors", "author"),
            ("api/v1/claims", "claim"),
        ):
            if pattern.startswith(prefix):
                return str(objects[key])
        return "1"
    return {
        "action": "accept",
        "kind": "message",
        "token": "not-a-real-token",
        "key": "not-a-real-key",
        "uidb36": "1",
        "app_label": "profiles",
        "url": "nowhere/",
    }.get(name, "dummy")


def build_url(route: Route, objects: dict) -> str:
    url = ""
    for part in route.parts:
        text = str(part)
        if text.startswith("^") or "(?P<" in text or text.endswith("$"):
            text = GROUP.sub(lambda m: value_for(m["name"], route.pattern, objects), text)
            text = text.lstrip("^").rstrip("$")
            if text.endswith("/?"):
                text = text[:-2] + "/"
            text = text.replace("\\.", ".")
            if text == ".*":
                text = "nothing-here/"
        if "drf_format_suffix" in text:
            text = text.replace("<drf_format_suffix:format>", ".json")
        text = CONVERTER.sub(lambda m: value_for(m["name"], route.pattern, objects), text)
        url += text
    return "/" + url


# --- Objects the URLs point at --------------------------------------------------------------


@pytest.fixture
def objects(db):
    """A claimed record with a work, a pending claim, an accepted invitation with its
    conversation and a message, a block: everything a pattern's id can name."""
    sender, sender_rec = researcher()
    recipient, recipient_rec = researcher()
    authorship = AuthorshipFactory(author=recipient_rec)
    unclaimed = AuthorRecordFactory()
    claim = claim_submit(
        claimant=UserFactory(verified=True), author=unclaimed, statement="It is me."
    )
    invitation = send_invitation(
        sender=sender,
        recipient_record=recipient_rec,
        subject="Work together?",
        message="I liked your paper.",
    )
    conversation = accept_invitation(invitation=invitation, user=recipient, reply="Yes")
    message = post_message(conversation=conversation, user=sender, body="Hello")
    block = block_user(blocker=recipient, blocked=UserFactory(verified=True))
    return {
        "slug": recipient_rec.slug,
        "author": recipient_rec.pk,
        "work": authorship.work_id,
        "claim": claim.pk,
        "invitation": invitation.pk,
        "conversation": conversation.pk,
        "message": message.pk,
        "block": block.pk,
    }


def refusal_problem(response, *, admin: bool) -> str | None:
    """None when the response refuses an anonymous visitor, else what it did instead."""
    status = response.status_code
    if status == 302:
        location = response.headers.get("Location", "")
        wanted = ADMIN_LOGIN_PATH if admin else LOGIN_PATH
        if location.startswith(wanted) or location.startswith("http://testserver" + wanted):
            return None
        return f"302 to {location!r}"
    if status in (401, 403) and not admin:
        return None
    return str(status)


def test_every_route_refuses_anonymous_visitors_unless_listed(objects):
    client = Client(raise_request_exception=False)  # a crash is reported as a 500
    unknown, bug_fixed = [], []
    for route in all_routes():
        public_key = listed(route, PUBLIC)
        if public_key:
            continue
        url = build_url(route, objects)
        admin = is_admin(route)
        problems, answered = [], False
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code == 405:
                continue
            answered = True
            problem = refusal_problem(response, admin=admin)
            if problem:
                problems.append(f"{method.upper()} {url} -> {problem}")
        if not answered:
            problems.append(f"{url} accepts neither GET nor POST")
        bug_key = listed(route, KNOWN_BUGS)
        if bug_key:
            if not problems:
                bug_fixed.append(f"{bug_key!r} now refuses anonymous visitors")
            continue
        if problems:
            unknown.append(f"{route.pattern!r} (name {route.name!r}): " + "; ".join(problems))
    assert not unknown, (
        "Routes neither refusing anonymous visitors nor listed in PUBLIC/ADMIN/KNOWN_BUGS:\n"
        + "\n".join(unknown)
    )
    assert not bug_fixed, "Remove fixed entries from KNOWN_BUGS:\n" + "\n".join(bug_fixed)


def test_allow_lists_name_existing_routes():
    routes = all_routes()
    keys = {r.pattern for r in routes} | {r.name for r in routes if r.name}
    namespaces = {r.name.split(":")[0] for r in routes if ":" in r.name}
    stale = [k for k in [*PUBLIC, *KNOWN_BUGS] if k not in keys]
    stale += [ns for ns in ADMIN if ns not in namespaces]
    assert not stale, f"Allow-list entries naming no route: {stale}"
