"""Merging duplicate records and detaching works, in the records' admin. The pages preview and
ask for a reason; profiles.services.moderation (merge_records, detach_work) does the work and
writes the audit trail. Both pages need the change permission on author records (the
Moderators group has it); docs/moderation.md, "Merging and splitting records"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profiles.errors import ServiceError
from profiles.forms.errors import add_service_error
from profiles.forms.moderation import DetachForm, MergeForm
from profiles.models import AuthorRecord, Authorship
from profiles.selectors.records import merged_record
from profiles.services import moderation as svc

MERGE_TEMPLATE = "admin/profiles/authorrecord/merge.html"
DETACH_TEMPLATE = "admin/profiles/authorrecord/detach.html"
WORKS_PER_PAGE = 50


def merge_url(source_id: int, target_id: int) -> str:
    """The merge preview of `source_id` into `target_id` (other admin pages link to it)."""
    query = urlencode({"source": source_id, "target": target_id})
    return f"{reverse('admin:profiles_authorrecord_merge')}?{query}"


def _survivor_last(records: list[AuthorRecord]) -> tuple[AuthorRecord, AuthorRecord]:
    """(source, target) as the preview first proposes: the owned record survives, else the
    one with more works, else the older one."""
    ranked = sorted(records, key=lambda r: (r.owner_id is not None, r.works_count, -r.pk))
    return ranked[0], ranked[1]


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10**18 else None


class RecordMergeMixin:
    """For AuthorRecordAdmin: the "Merge two records…" action, the merge page
    (`admin:profiles_authorrecord_merge`, `?source=<id>&target=<id>`) and the "Detach a
    work…" page of a record (`admin:profiles_authorrecord_detach`)."""

    admin_site: admin.AdminSite
    model: type[AuthorRecord]

    def get_urls(self):
        own = [
            path(
                "merge/",
                self.admin_site.admin_view(self.merge_view),
                name="profiles_authorrecord_merge",
            ),
            path(
                "<path:object_id>/detach/",
                self.admin_site.admin_view(self.detach_view),
                name="profiles_authorrecord_detach",
            ),
        ]
        return own + super().get_urls()  # type: ignore[misc]

    @admin.display(description=gettext_lazy("split"))
    def detach_link(self, obj: AuthorRecord) -> str:
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:profiles_authorrecord_detach", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Detach a wrongly attached work…"))

    @admin.action(description=gettext_lazy("Merge two records…"), permissions=["change"])
    def merge_two(self, request: HttpRequest, queryset):
        records = list(queryset.order_by("pk")[:3])
        if len(records) != 2:
            self.message_user(  # type: ignore[attr-defined]
                request, _("Select exactly two records to merge."), messages.WARNING
            )
            return None
        source, target = _survivor_last(records)
        return HttpResponseRedirect(merge_url(source.pk, target.pk))

    def _page(self, request, template: str, context: dict, status: int = 200) -> HttpResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                **context,
            },
            status=status,
        )

    def _pair(self, request, data) -> tuple[AuthorRecord, AuthorRecord] | HttpResponse:
        """The two records the page is about, or the page saying what is wrong."""
        ids = (_int(data.get("source")), _int(data.get("target")))
        title = _("Merge two records")
        if None in ids:
            problem = _("Give two record ids: ?source=<id>&target=<id>.")
            return self._page(request, MERGE_TEMPLATE, {"title": title, "problem": problem}, 400)
        found = AuthorRecord.objects.select_related("owner").in_bulk(ids)
        for pk in ids:
            if pk in found:
                continue
            survivor = merged_record(pk=pk)
            if survivor is None:
                raise Http404(_("No record with id %(id)s.") % {"id": pk})
            problem = _("Record %(id)s was already merged into %(name)s.") % {
                "id": pk,
                "name": survivor.display_name,
            }
            context = {"title": title, "problem": problem, "survivor": survivor}
            return self._page(request, MERGE_TEMPLATE, context, 409)
        return found[ids[0]], found[ids[1]]

    def merge_view(self, request: HttpRequest) -> HttpResponse:
        """GET: the preview; POST: the merge (with its reason)."""
        if not self.has_change_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        pair = self._pair(request, request.POST if request.method == "POST" else request.GET)
        if isinstance(pair, HttpResponse):
            return pair
        source, target = pair
        form = MergeForm(
            request.POST if request.method == "POST" else None,
            initial={"source": source.pk, "target": target.pk},
        )
        if request.method == "POST" and form.is_valid():
            try:
                survivor = svc.merge_records(
                    actor=request.user,
                    source=source,
                    target=target,
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                self.message_user(  # type: ignore[attr-defined]
                    request,
                    _("Merged %(source)s into %(target)s.")
                    % {"source": source.display_name, "target": survivor.display_name},
                )
                return HttpResponseRedirect(
                    reverse("admin:profiles_authorrecord_change", args=[survivor.pk])
                )
        context = {
            "title": _("Merge %(source)s into %(target)s")
            % {"source": source.display_name, "target": target.display_name},
            "preview": svc.preview_merge(source=source, target=target),
            "source": source,
            "target": target,
            "swap_url": merge_url(target.pk, source.pk),
            "form": form,
        }
        return self._page(request, MERGE_TEMPLATE, context)

    def _detach(self, request, record: AuthorRecord, slot: Authorship, form) -> HttpResponse | None:
        """Detach on a valid form; the redirect when done, None to show the form again."""
        to_id = form.cleaned_data["to_record"]
        to_record = AuthorRecord.objects.filter(pk=to_id).first() if to_id else None
        if to_id and to_record is None:
            form.add_error("to_record", _("No record with this id."))
            return None
        try:
            moved_to = svc.detach_work(
                actor=request.user,
                record=record,
                work=slot.work,
                to_record=to_record,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_service_error(form, error)
            return None
        self.message_user(  # type: ignore[attr-defined]
            request,
            _("Moved “%(work)s” to %(record)s.")
            % {"work": slot.work.title, "record": moved_to.display_name},
        )
        return HttpResponseRedirect(reverse("admin:profiles_authorrecord_change", args=[record.pk]))

    def detach_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The record's works, 50 to a page, each to pick; then the destination and reason."""
        record = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if record is None:
            raise Http404(_("No such record."))
        if not self.has_change_permission(request, record):  # type: ignore[attr-defined]
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        work_id = _int(data.get("work"))
        slot = None
        if work_id is not None:
            slot = (
                Authorship.objects.select_related("work")
                .filter(author=record, work_id=work_id)
                .first()
            )
            if slot is None:
                raise Http404(_("This work is not on the record."))
        form = DetachForm(
            request.POST if request.method == "POST" else None, initial={"work": work_id}
        )
        if slot is not None and request.method == "POST" and form.is_valid():
            done = self._detach(request, record, slot, form)
            if done is not None:
                return done
        slots = Authorship.objects.filter(author=record).select_related("work")
        page = Paginator(slots.order_by("work__title", "work_id"), WORKS_PER_PAGE).get_page(
            request.GET.get("p")
        )
        context = {
            "title": _("Detach a work from %(name)s") % {"name": record.display_name},
            "record": record,
            "slot": slot,
            "page": page,
            "form": form,
        }
        return self._page(request, DETACH_TEMPLATE, context)
