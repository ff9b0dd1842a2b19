"""Operator dashboard for the scheduler: claims, aggregates and zones, server groups, and
every scheduling decision with its per-filter table."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from cloudproject.readonly_admin import ReadOnlyAdminMixin
from scheduler import aggregates
from scheduler.models import (
    Aggregate,
    Allocation,
    SchedulingDecision,
    ServerGroup,
    ServerGroupMember,
)


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: an allocation is a claim, created and released by scheduler.claims."""

    list_display = ("instance", "host", "vcpus", "memory_mb", "disk_gb", "created_at")
    list_filter = ("host",)
    list_select_related = ("instance", "host")
    search_fields = ("instance__uuid", "instance__display_name", "host__name")


# --- Aggregates -----------------------------------------------------------------------------
class AggregateForm(forms.ModelForm):
    """Refuses to put a host in two availability zones, as scheduler.aggregates does."""

    class Meta:
        model = Aggregate
        fields = ("name", "metadata", "hosts")

    def clean(self):
        cleaned = super().clean()
        hosts = cleaned.get("hosts")
        zone = (cleaned.get("metadata") or {}).get(aggregates.ZONE_KEY)
        if hosts is not None:
            try:
                aggregates.check_zone(self.instance, [h.pk for h in hosts], zone)
            except ValidationError as exc:
                self.add_error("hosts", exc)
        return cleaned


@admin.register(Aggregate)
class AggregateAdmin(admin.ModelAdmin):
    form = AggregateForm
    list_display = ("name", "availability_zone", "host_count", "metadata", "updated_at")
    search_fields = ("name", "hosts__name")
    filter_horizontal = ("hosts",)

    @admin.display(description="hosts")
    def host_count(self, obj):
        return obj.hosts.count()

    def save_related(self, request, form, formsets, change):
        """After the membership is saved, bring the zone of every host it touched in step."""
        before = set(form.instance.hosts.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.hosts.values_list("pk", flat=True))
        aggregates.sync_availability_zones(sorted(before | after))

    def delete_model(self, request, obj):
        host_ids = list(obj.hosts.values_list("pk", flat=True))
        super().delete_model(request, obj)
        aggregates.sync_availability_zones(host_ids)


# --- Server groups --------------------------------------------------------------------------
class ServerGroupMemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ServerGroupMember
    fields = ("instance", "created_at")
    readonly_fields = fields
    extra = 0


@admin.register(ServerGroup)
class ServerGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "uuid", "policy", "rules", "project_id", "created_at")
    list_filter = ("policy",)
    search_fields = ("name", "uuid", "project_id")
    readonly_fields = ("uuid",)
    inlines = (ServerGroupMemberInline,)


# --- Decisions ------------------------------------------------------------------------------
def render_filters(entries):
    """One row per filter: hosts in and out, the reason, and each rejected host's detail."""
    if not entries:
        return "-"
    rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                                "<td>{}</td></tr>", (
        (e["filter"], e["in"], e["out"], e["reason"] or "-", _rejected(e)) for e in entries))
    return format_html("<table><thead><tr><th>filter</th><th>in</th><th>out</th>"
                       "<th>reason</th><th>rejected hosts</th></tr></thead><tbody>{}</tbody>"
                       "</table>", rows)


def _rejected(entry):
    items = format_html_join("", "<li>{}: {}</li>", (
        (row["host"], row["detail"]) for row in entry["rejected"]))
    more = f"… and {entry['rejected_more']} more" if entry.get("rejected_more") else ""
    return format_html("<ul>{}</ul>{}", items, more) if entry["rejected"] else "-"


def render_weights(rows):
    """The top hosts: total weight and each weigher's (multiplied, normalised) part."""
    if not rows:
        return "-"
    body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", (
        (row["host"], f"{row['total']:.4f}",
         ", ".join(f"{name} {value:.4f}" for name, value in row["weighers"].items()))
        for row in rows))
    return format_html("<table><thead><tr><th>host</th><th>total</th><th>per weigher</th>"
                       "</tr></thead><tbody>{}</tbody></table>", body)


@admin.register(SchedulingDecision)
class SchedulingDecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("instance", "attempt", "outcome", "chosen_host", "candidate_count",
                    "duration_ms", "created_at")
    list_filter = ("outcome",)
    list_select_related = ("instance",)
    search_fields = ("instance__uuid", "instance__display_name", "chosen_host")
    fields = ("instance", "attempt", "created_at", "algorithm", "outcome", "summary",
              "admin_summary", "chosen_host", "alternates", "claim_failed", "candidate_count",
              "duration_ms", "request", "filter_table", "weight_table")
    readonly_fields = fields

    @admin.display(description="summary with hosts")
    def admin_summary(self, obj):
        return obj.summary_for(is_admin=True)

    @admin.display(description="filters")
    def filter_table(self, obj):
        return render_filters(obj.filters)

    @admin.display(description="top weights")
    def weight_table(self, obj):
        return render_weights(obj.weights)


def render_decisions(instance):
    """For the instance page: each scheduling attempt, linked to its full record."""
    decisions = instance.scheduling_decisions.order_by("created_at", "id")
    if not decisions:
        return "No scheduling decision recorded."
    rows = format_html_join("", '<tr><td><a href="{}">attempt {}</a></td><td>{}</td>'
                                "<td>{}</td><td>{}</td></tr>", (
        (reverse("admin:scheduler_schedulingdecision_change", args=[d.pk]), d.attempt,
         d.get_outcome_display(), d.chosen_host or "-", d.summary) for d in decisions))
    return format_html("<table><thead><tr><th>attempt</th><th>outcome</th><th>host</th>"
                       "<th>summary</th></tr></thead><tbody>{}</tbody></table>", rows)
