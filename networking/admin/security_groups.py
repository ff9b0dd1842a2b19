"""Operator dashboard for security groups and their rules; every write goes through
networking.security_groups, so the dashboard refuses what the API refuses."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from cloudproject.readonly_admin import ReadOnlyAdminMixin
from compute import quotas
from networking import security_groups as sg
from networking.models import SecurityGroup, SecurityGroupRule

RULE_FIELDS = ("security_group", "direction", "ethertype", "protocol", "port_range_min",
               "port_range_max", "remote_ip_prefix", "remote_group", "description")


class SecurityGroupForm(forms.ModelForm):
    class Meta:
        model = SecurityGroup
        fields = ("project_id", "name", "description")

    def clean(self):
        data = super().clean()
        try:
            sg.check_name(self.instance, data.get("name", ""))
        except sg.SecurityGroupConflict as exc:
            raise ValidationError(exc.message) from None
        return data


class RuleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SecurityGroupRule
    fk_name = "security_group"
    fields = RULE_FIELDS[1:]
    readonly_fields = fields
    extra = 0


def _refused(admin_view, request, action):
    """Run `action`; a service refusal becomes an error message (False) instead of a 500."""
    try:
        action()
    except (sg.SecurityGroupConflict, sg.SecurityGroupInvalid) as exc:
        admin_view.message_user(request, exc.message, messages.ERROR)
        return False
    except quotas.QuotaExceeded as exc:
        admin_view.message_user(request, str(exc), messages.ERROR)
        return False
    return True


@admin.register(SecurityGroup)
class SecurityGroupAdmin(admin.ModelAdmin):
    form = SecurityGroupForm
    list_display = ("name", "id", "project_id", "is_default", "created_at")
    list_filter = ("is_default",)
    search_fields = ("name", "id", "project_id")
    readonly_fields = ("id", "is_default", "created_at", "updated_at")
    inlines = [RuleInline]

    def get_readonly_fields(self, request, obj=None):
        """A group stays in its project."""
        return self.readonly_fields + (("project_id",) if obj else ())

    def save_model(self, request, obj, form, change):
        if change:
            _refused(self, request, lambda: sg.update_group(
                obj, form.cleaned_data["name"], form.cleaned_data["description"]))
        else:
            created = []
            if _refused(self, request, lambda: created.append(sg.create_group(
                    obj.project_id, obj.name, obj.description))):
                obj.pk = created[0].pk

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_default)

    def delete_model(self, request, obj):
        _refused(self, request, lambda: sg.delete_group(obj))

    def response_delete(self, request, obj_display, obj_id):
        """A refused delete goes back to the group, without a success message."""
        if SecurityGroup.objects.filter(pk=obj_id).exists():
            return HttpResponseRedirect(
                reverse("admin:networking_securitygroup_change", args=[obj_id]))
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            _refused(self, request, lambda group=group: sg.delete_group(group))


class SecurityGroupRuleForm(forms.ModelForm):
    class Meta:
        model = SecurityGroupRule
        fields = RULE_FIELDS

    def clean(self):
        data = super().clean()
        if data.get("security_group") is not None:
            rule = SecurityGroupRule(project_id=data["security_group"].project_id,
                                     **{name: data.get(name) for name in RULE_FIELDS})
            try:
                sg.validate_rule(rule)
            except (sg.SecurityGroupConflict, sg.SecurityGroupInvalid) as exc:
                raise ValidationError(exc.message) from None
        return data


@admin.register(SecurityGroupRule)
class SecurityGroupRuleAdmin(admin.ModelAdmin):
    """Rules are added and deleted, never edited (as in Neutron)."""

    form = SecurityGroupRuleForm
    list_display = ("id", "security_group", "direction", "ethertype", "protocol",
                    "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group")
    list_filter = ("direction", "ethertype", "protocol")
    search_fields = ("id", "security_group__name", "security_group__id", "project_id")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in RULE_FIELDS[1:]}
        created = []
        if _refused(self, request, lambda: created.append(
                sg.create_rule(form.cleaned_data["security_group"], **fields))):
            obj.pk = created[0].pk

    def delete_model(self, request, obj):
        sg.delete_rule(obj)
