"""The owner's pages: editing their own profile and choosing which works it shows."""

from __future__ import annotations

from django.http import Http404


def profile_edit(request):
    raise Http404


def profile_works(request):
    raise Http404
