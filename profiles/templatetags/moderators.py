"""`{% ask_moderators form record=author %}`: a "Contact the moderators" link, with the
page's context (record, claim, report), under a refusal that tells people to ask the
moderators (the codes below), or always with `always=True` (the generic refusal page)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from profiles.services.claims.common import ALREADY_CLAIMED, OWNS_ANOTHER
from profiles.services.owner import NAME_TAKEN

register = template.Library()

# Refusals whose message sends people to the moderators.
ASK_MODERATORS_CODES = {OWNS_ANOTHER, ALREADY_CLAIMED, NAME_TAKEN, "not_an_author"}


def asks_moderators(form) -> bool:
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return False
    return any(
        error.code in ASK_MODERATORS_CODES
        for errors in form.errors.as_data().values()
        for error in errors
    )


@register.inclusion_tag("includes/ask_moderators.html")
def ask_moderators(form=None, *, record=None, claim=None, report=None, always=False) -> dict:
    if not always and not asks_moderators(form):
        return {"url": ""}
    params = {
        name: obj.pk
        for name, obj in (("record", record), ("claim", claim), ("report", report))
        if getattr(obj, "pk", None)
    }
    url = reverse("profiles:moderators-contact")
    return {"url": f"{url}?{urlencode(params)}" if params else url}
