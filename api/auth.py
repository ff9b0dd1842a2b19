"""DRF authentication by X-Auth-Token and the base permission of every API view."""
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from api import tokens
from api.errors import Forbidden, Unauthorized


class TokenAuthentication(BaseAuthentication):
    """`X-Auth-Token: <token>` → (Django user, RequestContext)."""

    def authenticate(self, request):
        value = request.META.get("HTTP_X_AUTH_TOKEN")
        if not value:
            return None
        token = tokens.validate(value)
        if token is None:
            raise Unauthorized("The request you have made requires authentication.")
        return token.user, tokens.context_of(token, getattr(request, "request_id", ""))

    def authenticate_header(self, request):
        return 'Keystone uri="/identity"'


class ProjectScoped(BasePermission):
    """A project-scoped token is required; readers may only read."""

    def has_permission(self, request, view):
        context = request.auth
        if context is None:
            raise Unauthorized()
        if not context.project_id:
            raise Forbidden("A project-scoped token is required.")
        if request.method not in SAFE_METHODS and not context.can_write:
            raise Forbidden("Policy doesn't allow this operation: the reader role is read-only.")
        return True


class AdminOnly(ProjectScoped):
    """Admin role required (Nova's admin-only policies)."""

    def has_permission(self, request, view):
        super().has_permission(request, view)
        if not request.auth.is_admin:
            raise Forbidden(f"Policy doesn't allow {view.policy_name()} to be performed.")
        return True
