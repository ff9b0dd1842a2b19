"""The admin mixin for records only services write (actions, events, claims, decisions)."""


class ReadOnlyAdminMixin:
    """Records written by services: viewable, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
