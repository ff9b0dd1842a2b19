"""Operator dashboard for instances: the list, lifecycle actions, creation and the timeline."""
from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected as confirm_delete
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from cloudproject.readonly_admin import ReadOnlyAdminMixin
from compute import services, states
from compute.models import Flavor, Image, Instance, InstanceAction, InstanceActionEvent
from scheduler.admin import render_decisions

# What a service raises when it refuses: shown to the operator, never a 500.
REFUSALS = (states.InstanceConflict, services.InvalidRequest, services.NotFound)
EDITABLE_FIELDS = ("display_name", "description", "metadata")


# --- List filters ---------------------------------------------------------------------------
class VmStateFilter(admin.SimpleListFilter):
    """vm_state; deleted instances stay hidden unless asked for by this filter."""

    title = "vm state"
    parameter_name = "vm_state"

    def lookups(self, request, model_admin):
        return [(state, state) for state in states.VM_STATES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(vm_state=self.value())
        return queryset.exclude(vm_state=states.DELETED)


class TaskStateFilter(admin.SimpleListFilter):
    """task_state, with "(none)" for idle instances (NULL in the database)."""

    title = "task state"
    parameter_name = "task_state"
    NONE = "none"

    def lookups(self, request, model_admin):
        present = (Instance.objects.exclude(task_state=None).order_by()
                   .values_list("task_state", flat=True).distinct())
        return [(self.NONE, "(none)"), *((task, task) for task in sorted(present))]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(task_state__isnull=True)
        if self.value():
            return queryset.filter(task_state=self.value())
        return queryset


# --- Lifecycle actions: each one calls its service per selected instance ---------------------
@dataclass(frozen=True)
class Lifecycle:
    """One admin action: its name, what the operator reads, and the service it calls."""

    name: str
    label: str
    call: object
    description: str = ""
    permission: str = "change"


LIFECYCLE = (
    Lifecycle("stop", "Stop", services.stop_instance),
    Lifecycle("start", "Start", services.start_instance),
    Lifecycle("reboot_soft", "Soft reboot", partial(services.reboot_instance, hard=False)),
    Lifecycle("reboot_hard", "Hard reboot", partial(services.reboot_instance, hard=True)),
    Lifecycle("pause", "Pause", services.pause_instance),
    Lifecycle("unpause", "Unpause", services.unpause_instance),
    Lifecycle("suspend", "Suspend", services.suspend_instance),
    Lifecycle("resume", "Resume", services.resume_instance),
    Lifecycle("reset_active", "Reset to active",
              partial(services.reset_state, vm_state=states.ACTIVE),
              "Reset selected instances to active"),
    Lifecycle("reset_error", "Reset to error",
              partial(services.reset_state, vm_state=states.ERROR),
              "Reset selected instances to error"),
)
DELETE = Lifecycle("delete_selected", "Delete", services.delete_instance, permission="delete")


def run_lifecycle(modeladmin, request, queryset, op):
    """Call the service for each instance: refusals become error messages, successes one
    summary ("Stop requested for 2 instances")."""
    done = 0
    for instance in queryset:
        try:
            op.call(instance, user_id=str(request.user.pk))
        except REFUSALS as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, f"{op.label} requested for {done} instance{pluralize(done)}",
            messages.SUCCESS)


def lifecycle_action(op):
    """The admin action function running `op` over the selected instances."""
    def action(modeladmin, request, queryset):
        run_lifecycle(modeladmin, request, queryset, op)

    action.__name__ = op.name
    description = op.description or f"{op.label} selected instances"
    return admin.action(description=description, permissions=[op.permission])(action)


@admin.action(description="Delete selected instances", permissions=["delete"])
def delete_selected(modeladmin, request, queryset):
    """Replaces Django's action: its confirmation page first, then the delete service."""
    if not request.POST.get("post"):
        return confirm_delete(modeladmin, request, queryset)
    modeladmin.delete_queryset(request, queryset)
    return None


# --- Creation -------------------------------------------------------------------------------
class InstanceCreateForm(forms.Form):
    """What an operator asks for; services.create_instance decides whether it can boot."""

    name = forms.CharField(max_length=255)
    flavor = forms.ModelChoiceField(Flavor.objects.filter(disabled=False))
    image = forms.ModelChoiceField(Image.objects.filter(status="active"))
    count = forms.IntegerField(min_value=1, initial=1)
    availability_zone = forms.CharField(max_length=255, required=False)
    project_id = forms.CharField(max_length=64, initial="admin")


# --- Change page: timeline and fault --------------------------------------------------------
TIMELINE_HEAD = ("event", "host", "start", "finish", "duration", "result", "traceback")


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def _duration(start, finish):
    return f"{max((finish - start).total_seconds(), 0):.1f} s" if finish else "running"


def _traceback(event):
    if not event.traceback:
        return ""
    return format_html("<details><summary>traceback</summary><pre>{}</pre></details>",
                       event.traceback)


def _event_row(event):
    return (event.event, event.host or "-", _when(event.start_time), _when(event.finish_time),
            _duration(event.start_time, event.finish_time), event.result or "running",
            _traceback(event))


def _action_rows(action):
    head = format_html(
        '<tr><th colspan="7">{} · {} · user {} · {}{}</th></tr>', action.action,
        action.request_id, action.user_id or "-", _when(action.start_time),
        f" · {action.message}" if action.message else "")
    cells = "".join("<td>{}</td>" for _ in TIMELINE_HEAD)
    events = format_html_join("", f"<tr>{cells}</tr>", map(_event_row, action.events.all()))
    return format_html("{}{}", head, events)


def render_timeline(instance):
    """Every action of the instance, oldest first, each followed by its events."""
    actions = instance.actions.order_by("start_time", "id").prefetch_related("events")
    if not actions:
        return "No actions recorded."
    head = format_html_join("", "<th>{}</th>", ((name,) for name in TIMELINE_HEAD))
    body = format_html_join("", "{}", ((_action_rows(action),) for action in actions))
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
                       head, body)


def render_fault(fault):
    """Nova's fault shape (code, message, created, details) as a heading and a traceback."""
    if not fault:
        return "-"
    if not isinstance(fault, dict):
        return format_html("<pre>{}</pre>", fault)
    return format_html(
        "<p><strong>{} {}</strong> at {}</p><details><summary>details</summary>"
        "<pre>{}</pre></details>", fault.get("code", ""), fault.get("message", ""),
        fault.get("created", "-"), fault.get("details", ""))


# --- Admin classes --------------------------------------------------------------------------
class InstanceActionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InstanceAction
    fields = ("action", "request_id", "user_id", "start_time", "finish_time", "message")
    readonly_fields = fields
    extra = 0
    show_change_link = True


CHANGE_FIELDSETS = (
    (None, {"fields": ("uuid", "display_name", "description", "status", "vm_state",
                       "task_state", "power_state_name", "locked", "locked_reason",
                       "project_id", "user_id")}),
    ("Placement and size", {"fields": (
        "host", "availability_zone", "requested_availability_zone", "instance_type_name",
        "flavor", "image", "vcpus", "memory_mb", "root_gb", "ephemeral_gb", "swap")}),
    ("Metadata", {"fields": ("metadata", "key_name", "reservation_id", "launch_index")}),
    ("Fault", {"fields": ("fault_display",)}),
    ("Scheduling", {"fields": ("scheduling_display",)}),
    ("Timestamps", {"fields": ("created_at", "updated_at", "launched_at", "terminated_at",
                               "deleted_at", "task_state_updated_at")}),
    ("Timeline", {"fields": ("timeline",)}),
)


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ("display_name", "status", "power_state_name", "host",
                    "instance_type_name", "project_id", "created_at")
    list_filter = (VmStateFilter, TaskStateFilter, "host", "availability_zone", "project_id")
    list_select_related = ("host",)
    search_fields = ("display_name", "uuid", "project_id", "host__name")
    actions = (*map(lifecycle_action, LIFECYCLE), delete_selected)
    fieldsets = CHANGE_FIELDSETS
    readonly_fields = tuple(name for _, options in CHANGE_FIELDSETS
                            for name in options["fields"] if name not in EDITABLE_FIELDS)
    inlines = (InstanceActionInline,)

    @admin.display(description="status")
    def status(self, obj):
        return obj.status

    @admin.display(description="power state", ordering="power_state")
    def power_state_name(self, obj):
        return states.POWER_STATE_NAMES.get(obj.power_state, str(obj.power_state))

    @admin.display(description="fault")
    def fault_display(self, obj):
        return render_fault(obj.fault)

    @admin.display(description="timeline")
    def timeline(self, obj):
        return render_timeline(obj)

    @admin.display(description="decisions")
    def scheduling_display(self, obj):
        return render_decisions(obj)

    def save_model(self, request, obj, form, change):
        """Write only the operator-editable fields: a full save would overwrite states that
        tasks changed meanwhile (those belong to compute.states)."""
        changed = [name for name in form.changed_data if name in EDITABLE_FIELDS]
        if changed:
            obj.save(update_fields=[*changed, "updated_at"])

    def delete_model(self, request, obj):
        services.delete_instance(obj, user_id=str(request.user.pk))

    def delete_queryset(self, request, queryset):
        run_lifecycle(self, request, queryset, DELETE)

    def get_deleted_objects(self, objs, request):
        """The rows stay (vm_state deleted), so list the instances, not a cascade."""
        names = [str(obj) for obj in objs]
        return names, {self.opts.verbose_name_plural: len(names)}, set(), []

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, f"Delete requested for {obj_display}", messages.SUCCESS)
        return HttpResponseRedirect(self._url("changelist"))

    def add_view(self, request, form_url="", extra_context=None):
        """Boot through services.create_instance; a refused request is a form error."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InstanceCreateForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                created = services.create_instance(user_id=str(request.user.pk),
                                                   **form.cleaned_data)
            except (services.InvalidRequest, services.NotFound) as exc:
                form.add_error(None, str(exc))
            else:
                return self._response_created(request, created)
        return self._render_create_form(request, form, form_url, extra_context)

    def _response_created(self, request, created):
        for instance in created:
            self.log_addition(request, instance, [{"added": {}}])
        count = len(created)
        self.message_user(request, f"Create requested for {count} instance{pluralize(count)}",
                          messages.SUCCESS)
        if count == 1:
            return HttpResponseRedirect(self._url("change", created[0].pk))
        return HttpResponseRedirect(self._url("changelist"))

    def _render_create_form(self, request, form, form_url, extra_context):
        adminform = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})
        context = {
            **self.admin_site.each_context(request),
            "title": "Create instances", "subtitle": None, "adminform": adminform,
            "object_id": None, "original": None, "is_popup": False, "to_field": None,
            "media": self.media + adminform.media, "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "show_save_and_add_another": False, "show_save_and_continue": False,
            **(extra_context or {}),
        }
        return self.render_change_form(request, context, add=True, form_url=form_url)

    def _url(self, view, *args):
        return reverse(f"admin:compute_instance_{view}", args=args,
                       current_app=self.admin_site.name)


class InstanceActionEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InstanceActionEvent
    fields = ("event", "host", "start_time", "finish_time", "result", "details", "traceback")
    readonly_fields = fields
    extra = 0


@admin.register(InstanceAction)
class InstanceActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("instance", "action", "request_id", "user_id", "start_time",
                    "finish_time", "message")
    list_filter = ("action",)
    list_select_related = ("instance",)
    search_fields = ("request_id", "instance__uuid", "instance__display_name")
    inlines = (InstanceActionEventInline,)
