"""Top-level URLs: the site, the admin, allauth (pages and headless API), and the REST API."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from accounts import headless, orcid
from config import health
from profiles.views import records as profile_views

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

_docs = csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "worker-src": ["blob:"]})

urlpatterns = [
    path("", profile_views.home, name="home"),
    path("health/", health.health, name="health"),
    path("ready/", health.ready, name="ready"),
    path("admin/", admin.site.urls),
    # Before allauth's own: a clear 404 where ORCID sign-in is not configured (accounts/orcid.py).
    path("accounts/orcid/login/", orcid.orcid_login, name="orcid_login"),
    path("accounts/orcid/login/callback/", orcid.orcid_callback, name="orcid_callback"),
    path("accounts/", include("allauth.urls")),
    # Before allauth's own: its phone endpoint with an anonymous write fixed (accounts/headless.py).
    *(
        path(
            f"_allauth/{client}/v1/account/phone",
            headless.ManagePhoneView.as_api_view(client=client),
            name=f"headless_{client}_manage_phone",
        )
        for client in settings.HEADLESS_CLIENTS
    ),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI and Redoc load no inline script (the split view serves Swagger's as a file),
    # but both style their pages inline and Redoc runs a worker from a blob.
    path(
        "api/docs/",
        _docs(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "api/redoc/", _docs(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"
    ),
    path("", include("profiles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
