from django.urls import path

import config.converters  # noqa: F401  (registers <id:...>)
from profiles.views import claims as views_claims
from profiles.views import collaboration as views_collab
from profiles.views import disputes as views_disputes
from profiles.views import graph as views_graph
from profiles.views import owner as views_owner
from profiles.views import records as views
from profiles.views import requests as views_requests

app_name = "profiles"

urlpatterns = [
    path("researchers/", views.directory, name="directory"),
    path("researchers/<slug:slug>/", views.author_detail, name="detail"),
    path("researchers/<slug:slug>/graph/", views_graph.author_graph, name="graph"),
    # Claims (docs/claims.md)
    path("researchers/<slug:slug>/claim/", views_claims.claim_start, name="claim-start"),
    path(
        "researchers/<slug:slug>/claim/preview/",
        views_claims.claim_preview,
        name="claim-preview",
    ),
    path("researchers/<slug:slug>/dispute/", views_disputes.dispute_start, name="dispute-start"),
    # Requests to the moderators (docs/moderation.md, "Requests")
    path(
        "researchers/<slug:slug>/ask-moderators/",
        views_requests.record_request,
        name="record-request",
    ),
    path(
        "researchers/<slug:slug>/request-change/",
        views_requests.owner_request,
        name="owner-request",
    ),
    path("moderators/contact/", views_requests.contact, name="moderators-contact"),
    path("moderators/contact/sent/", views_requests.done, name="moderators-done"),
    path("dashboard/claims/", views_claims.claim_list, name="claim-list"),
    path("dashboard/claims/<id:pk>/", views_claims.claim_detail, name="claim-detail"),
    path("dashboard/claims/<id:pk>/withdraw/", views_claims.claim_withdraw, name="claim-withdraw"),
    path("claims/<id:pk>/object/", views_claims.claim_object, name="claim-object"),
    path("claims/<id:pk>/file/", views_claims.claim_file, name="claim-file"),
    path("dashboard/profile/", views_owner.profile_edit, name="profile-edit"),
    path("dashboard/profile/works/", views_owner.profile_works, name="profile-works"),
    # Follows and collaboration (profiles/views/collaboration/)
    path("researchers/<slug:slug>/follow/", views_collab.follow, name="follow"),
    path("researchers/<slug:slug>/followers/", views_collab.followers, name="followers"),
    path("researchers/<slug:slug>/invite/", views_collab.invite, name="invite"),
    path(
        "researchers/<slug:slug>/collaboration/",
        views_collab.collaboration_setting,
        name="collaboration_setting",
    ),
    path("following/", views_collab.following, name="following"),
    path("invitations/", views_collab.invitations, name="invitations"),
    path("invitations/<id:pk>/", views_collab.invitation_detail, name="invitation"),
    path(
        "invitations/<id:pk>/<str:action>/",
        views_collab.invitation_action,
        name="invitation_action",
    ),
    path("conversations/", views_collab.conversations, name="conversations"),
    path("conversations/<id:pk>/", views_collab.conversation_detail, name="conversation"),
    path(
        "conversations/<id:pk>/leave/", views_collab.conversation_leave, name="conversation_leave"
    ),
    path("report/<str:kind>/<id:pk>/", views_collab.report, name="report"),
    path("settings/blocks/", views_collab.blocks, name="blocks"),
    path("settings/blocks/<id:pk>/unblock/", views_collab.unblock, name="unblock"),
    path(
        "settings/notifications/",
        views_collab.notification_settings,
        name="notification_settings",
    ),
    path("unsubscribe/<str:token>/", views_collab.unsubscribe, name="unsubscribe"),
]
