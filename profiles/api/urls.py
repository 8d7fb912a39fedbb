from rest_framework.routers import DefaultRouter

from profiles.api import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("authors", views.AuthorViewSet, basename="author")

urlpatterns = router.urls
