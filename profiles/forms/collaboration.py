"""Forms of the follow and collaboration pages. They only check input shape; the rules are
in profiles/services/collaboration/."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from profiles.choices import ReportReason
from profiles.forms.fields import RowIdMultipleChoiceField
from profiles.models import Topic, Work
from profiles.models.collaboration import (
    MESSAGE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    REPORT_DETAILS_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)


class InvitationForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you would like to work on together. Markdown is allowed."),
    )
    works = RowIdMultipleChoiceField(
        label=_("Works that motivate it (optional)"),
        queryset=Work.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = RowIdMultipleChoiceField(
        label=_("Topics (optional)"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [r.pk for r in records if r is not None]
        # The 50 newest works of the two records; a subquery keeps the queryset filterable.
        newest = (
            Work.objects.filter(authorships__author_id__in=ids, authorships__is_hidden=False)
            .order_by("-year", "title")
            .values("pk")[:50]
        )
        works = cast(RowIdMultipleChoiceField, self.fields["works"])
        works.queryset = Work.objects.filter(pk__in=newest).order_by("-year", "title")
        topics = cast(RowIdMultipleChoiceField, self.fields["topics"])
        topics.queryset = (
            Topic.objects.filter(author_topics__author_id__in=ids).distinct().order_by("name")
        )

    def clean_works(self):
        return list(self.cleaned_data["works"])


class AnswerForm(forms.Form):
    reply = forms.CharField(
        label=_("Short reply (optional)"),
        max_length=REPLY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown is allowed."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices)
    details = forms.CharField(
        label=_("Details for the moderators (optional)"),
        max_length=REPORT_DETAILS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotificationSettingsForm(forms.Form):
    email_on_invitation = forms.BooleanField(label=_("Email me a new invitation"), required=False)
    email_on_answer = forms.BooleanField(
        label=_("Email me when someone answers my invitation"), required=False
    )
    email_on_message = forms.BooleanField(label=_("Email me a new message"), required=False)
    email_on_claim = forms.BooleanField(
        label=_("Email me news about my claims (received, approved, not approved)"),
        required=False,
    )
    email_on_coauthor = forms.BooleanField(
        label=_("Email me when someone claims a co-author's record"), required=False
    )
