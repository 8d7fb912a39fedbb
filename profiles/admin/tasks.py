"""Failed background tasks in the admin, for superusers only (operations, not moderation: a
row may name recipients and the arguments of any task). Read-only; the actions re-queue a
failure or close it, through profiles/services/tasks.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from profiles.errors import ServiceError
from profiles.models import FailedTask
from profiles.services import tasks as task_service


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = [
        "last_failed_at",
        "task_name",
        "exception_type",
        "attempts",
        "retryable",
        "resolved",
    ]
    list_filter = [
        "resolved",
        "task_name",
        "retryable",
        ("last_failed_at", admin.DateFieldListFilter),
    ]
    search_fields = ["task_id", "task_name", "exception_message"]
    list_select_related = ["resolved_by"]
    list_per_page = 50
    actions = ["retry", "mark_resolved"]
    fields = (
        "task_name",
        "task_id",
        "args",
        "kwargs",
        "retryable",
        "exception_type",
        "exception_message",
        "traceback",
        "attempts",
        "first_failed_at",
        "last_failed_at",
        "resolved",
        "resolved_by",
        "resolved_at",
        "retried_task_id",
    )
    readonly_fields = fields

    def _superuser(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._superuser(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_actions(self, request: HttpRequest):
        # Actions need "change" by default; here they need a superuser (the service checks).
        return super().get_actions(request) if self._superuser(request) else {}

    def _each(self, request: HttpRequest, queryset, service, done_message: str) -> None:
        done = 0
        for failed in queryset:
            try:
                service(failed=failed, user=request.user)
            except ServiceError as error:
                self.message_user(request, f"{failed}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Retry: queue the task again and mark it resolved"))
    def retry(self, request: HttpRequest, queryset) -> None:
        self._each(
            request,
            queryset,
            task_service.retry_failed_task,
            ngettext("%(n)s task queued again.", "%(n)s tasks queued again.", queryset.count()),
        )

    @admin.action(description=_("Mark resolved without running it again"))
    def mark_resolved(self, request: HttpRequest, queryset) -> None:
        self._each(
            request,
            queryset,
            task_service.resolve_failed_task,
            ngettext("%(n)s failure resolved.", "%(n)s failures resolved.", queryset.count()),
        )
