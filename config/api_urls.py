"""The one /api/v1/ router: the accounts and profiles endpoints under one prefix."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

import config.converters  # noqa: F401  (registers <id:...>)
from accounts.api import MeView
from config.errors import not_found
from profiles.api import collaboration as collab
from profiles.api import owner
from profiles.api import records as views
from profiles.api.claim_preview import ClaimPreviewView
from profiles.api.claims import ClaimObjectionView, ClaimViewSet
from profiles.api.collaboration.feed import FeedView
from profiles.api.disputes import AuthorDisputesView
from profiles.api.requests import ModerationRequestView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("authors", views.AuthorViewSet, basename="author")
router.register("claims", ClaimViewSet, basename="claim")
router.register("invitations", collab.InvitationViewSet, basename="invitation")
router.register("conversations", collab.ConversationViewSet, basename="conversation")
router.register("blocks", collab.BlockViewSet, basename="block")

urlpatterns = router.urls + [
    path("me/", MeView.as_view(), name="me"),
    path("me/feed/", FeedView.as_view(), name="me-feed"),
    path("me/settings/", owner.SettingsView.as_view(), name="me-settings"),
    path("me/works/", owner.OwnerWorksView.as_view(), name="me-works"),
    path("me/works/<id:pk>/", owner.OwnerWorkView.as_view(), name="me-work"),
    path("claims/<id:pk>/objections/", ClaimObjectionView.as_view(), name="claim-objections"),
    path("authors/<id:pk>/claim-preview/", ClaimPreviewView.as_view(), name="author-claim-preview"),
    path("authors/<id:pk>/disputes/", AuthorDisputesView.as_view(), name="author-disputes"),
    path("authors/<id:pk>/follow/", collab.FollowView.as_view(), name="author-follow"),
    path("authors/<id:pk>/followers/", collab.FollowersView.as_view(), name="author-followers"),
    path("following/", collab.FollowingView.as_view(), name="following"),
    path("unread/", collab.UnreadView.as_view(), name="unread"),
    path("reports/", collab.ReportView.as_view(), name="reports"),
    path("moderation-requests/", ModerationRequestView.as_view(), name="moderation-requests"),
    # Anything else under /api/v1/ answers in the API's JSON error shape, in DEBUG too.
    re_path(r"^.*$", not_found, name="not-found"),
]
