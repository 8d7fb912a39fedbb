from django.urls import path

from profiles import views, views_claims, views_owner

app_name = "profiles"

urlpatterns = [
    path("researchers/", views.directory, name="directory"),
    path("researchers/<slug:slug>/", views.author_detail, name="detail"),
    # Claims (docs/claims.md)
    path("researchers/<slug:slug>/claim/", views_claims.claim_start, name="claim-start"),
    path(
        "researchers/<slug:slug>/claim/preview/",
        views_claims.claim_preview,
        name="claim-preview",
    ),
    path("dashboard/claims/", views_claims.claim_list, name="claim-list"),
    path("dashboard/claims/<int:pk>/", views_claims.claim_detail, name="claim-detail"),
    path(
        "dashboard/claims/<int:pk>/withdraw/", views_claims.claim_withdraw, name="claim-withdraw"
    ),
    path("claims/<int:pk>/object/", views_claims.claim_object, name="claim-object"),
    path("claims/<int:pk>/file/", views_claims.claim_file, name="claim-file"),
    path("dashboard/profile/", views_owner.profile_edit, name="profile-edit"),
    path("dashboard/profile/works/", views_owner.profile_works, name="profile-works"),
]
