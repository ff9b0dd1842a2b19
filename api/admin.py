"""Identity objects in the operator dashboard: projects, roles, assignments, tokens."""
from django.contrib import admin

from api import accounts
from api.models import Project, Role, RoleAssignment, Token, UserIdentity


class AssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "id", "enabled", "description", "created_at")
    search_fields = ("name", "id")
    inlines = [AssignmentInline]

    def has_delete_permission(self, request, obj=None):
        """As in the API: a project with live instances stays."""
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not accounts.live_instances(obj).exists())


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "id", "description")

    def has_delete_permission(self, request, obj=None):
        """As in the API: the bootstrap roles are immutable."""
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.name not in accounts.IMMUTABLE_ROLES)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "project")
    list_filter = ("role", "project")


@admin.register(UserIdentity)
class UserIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "id", "domain_id", "default_project")


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = ("user", "project", "audit_id", "issued_at", "expires_at", "revoked_at")
    list_filter = ("project",)
    readonly_fields = ("digest", "user", "project", "roles", "audit_id", "issued_at",
                       "expires_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        from django.utils import timezone

        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} tokens")
