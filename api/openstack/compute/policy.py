"""Per-request policy checks of compute views that mix roles in one resource: admin-only
methods, and reads of a named project limited to its own members (Nova's default rules)."""
from api.errors import Forbidden


def require_admin(context, rule):
    """403 unless the caller is an admin; `rule` is Nova's policy name, echoed as Nova does."""
    if not context.is_admin:
        raise Forbidden(f"Policy doesn't allow {rule} to be performed.")


def require_own_project(context, project_id, rule):
    """403 unless the caller is an admin or a member (reader included) of `project_id`."""
    if not context.is_admin and context.project_id != project_id:
        raise Forbidden(f"Policy doesn't allow {rule} to be performed.")
