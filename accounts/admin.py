"""Moderators manage accounts here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from profiles.admin.audit import AuditTrailLinkMixin


@admin.register(User)
class UserAdmin(AuditTrailLinkMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Moderation"), {"fields": ("sanctions", "audit_trail")}),
    )
    readonly_fields = ("sanctions", "audit_trail")

    @admin.display(description=_("sanctions"))
    def sanctions(self, obj: User) -> str:
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}?user__id__exact={}">{}</a> · <a href="{}?user={}">{}</a>',
            reverse("admin:profiles_suspension_changelist"),
            obj.pk,
            _("suspensions"),
            reverse("admin:profiles_suspension_add"),
            obj.pk,
            _("suspend…"),
        )

    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
