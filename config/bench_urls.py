"""The site's URLs plus `/__bench__/hello/`, a view that does nothing: the baseline of
`manage.py bench`, served by the same server in the same run."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [
    path("__bench__/hello/", hello),
    path("", include("config.urls")),
]
