from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("researchers/", views.directory, name="directory"),
    path("researchers/<slug:slug>/", views.author_detail, name="detail"),
]
