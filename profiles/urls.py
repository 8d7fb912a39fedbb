from django.urls import path

from profiles import views, views_collab

app_name = "profiles"

urlpatterns = [
    path("researchers/", views.directory, name="directory"),
    path("researchers/<slug:slug>/", views.author_detail, name="detail"),
    # Follows and collaboration (views_collab.py)
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
    path("invitations/<int:pk>/", views_collab.invitation_detail, name="invitation"),
    path(
        "invitations/<int:pk>/<str:action>/",
        views_collab.invitation_action,
        name="invitation_action",
    ),
    path("conversations/", views_collab.conversations, name="conversations"),
    path("conversations/<int:pk>/", views_collab.conversation_detail, name="conversation"),
    path(
        "conversations/<int:pk>/leave/", views_collab.conversation_leave, name="conversation_leave"
    ),
    path("report/<str:kind>/<int:pk>/", views_collab.report, name="report"),
    path("settings/blocks/", views_collab.blocks, name="blocks"),
    path("settings/blocks/<int:pk>/unblock/", views_collab.unblock, name="unblock"),
    path(
        "settings/notifications/",
        views_collab.notification_settings,
        name="notification_settings",
    ),
    path("unsubscribe/<str:token>/", views_collab.unsubscribe, name="unsubscribe"),
]
