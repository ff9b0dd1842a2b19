"""Issuing, validating and revoking tokens for Django users scoped to a project."""
import base64
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone

from api.context import RequestContext
from api.models import Project, RoleAssignment, Token, UserIdentity


class AuthenticationError(Exception):
    """Wrong credentials, unknown or disabled user/project, or no role on the project."""


def identity_of(user):
    """The user's Keystone identity (created on first use)."""
    identity, _ = UserIdentity.objects.get_or_create(user=user)
    return identity


def find_user(name=None, user_id=None):
    """The Django user behind a Keystone user name or id."""
    if user_id:
        found = UserIdentity.objects.select_related("user").filter(pk=user_id).first()
        return found.user if found else None
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=name).first()


def roles_on(user, project):
    return sorted(RoleAssignment.objects.filter(user=user, project=project)
                  .values_list("role__name", flat=True))


def issue(user, password, project):
    """Check the password and the user's roles on `project`; return (token value, row)."""
    if user is None or not user.is_active:
        raise AuthenticationError("The request you have made requires authentication.")
    if authenticate(username=user.get_username(), password=password) is None:
        raise AuthenticationError("The request you have made requires authentication.")
    roles = roles_on(user, project) if project else []
    if project is not None and (not project.enabled or not roles):
        raise AuthenticationError(f"User {identity_of(user).id} has no access to project "
                                  f"{project.id}")
    value = "cp" + secrets.token_urlsafe(40)
    now = timezone.now()
    token = Token.objects.create(
        digest=Token.digest_of(value), user=user, project=project, roles=roles,
        audit_id=base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("="),
        issued_at=now, expires_at=now + timedelta(seconds=settings.TOKEN_LIFETIME))
    return value, token


def validate(value):
    """The live token row for `value`, or None (unknown, revoked, expired, user or project
    disabled)."""
    if not value:
        return None
    token = (Token.objects.select_related("user", "user__identity", "project")
             .filter(digest=Token.digest_of(value), revoked_at__isnull=True,
                     expires_at__gt=timezone.now()).first())
    if token is None or not token.user.is_active:
        return None
    if token.project is not None and not token.project.enabled:
        return None  # disabled elsewhere (e.g. the Django admin) without revoking
    return token


def context_of(token, request_id=""):
    """The RequestContext a token stands for."""
    project = token.project
    try:
        identity = token.user.identity  # read with the token (validate)
    except UserIdentity.DoesNotExist:
        identity = identity_of(token.user)
    return RequestContext(
        user_id=identity.id, project_id=project.id if project else "",
        roles=tuple(token.roles), user_name=token.user.get_username(),
        project_name=project.name if project else "", request_id=request_id)


def revoke(value):
    """Revoke a token; True if it was live."""
    return bool(Token.objects.filter(digest=Token.digest_of(value), revoked_at__isnull=True)
                .update(revoked_at=timezone.now()))


def find_project(name=None, project_id=None):
    if project_id:
        return Project.objects.filter(pk=project_id).first()
    return Project.objects.filter(name=name).first()


def revoke_all(user=None, project=None):
    """Revoke every live token of `user`, scoped to `project`, or both; the number revoked.
    Called whenever a change takes access away (role removed, user or project disabled)."""
    filters = {"revoked_at__isnull": True}
    if user is not None:
        filters["user"] = user
    if project is not None:
        filters["project"] = project
    if len(filters) == 1:
        raise ValueError("revoke_all needs a user or a project")
    return Token.objects.filter(**filters).update(revoked_at=timezone.now())


def default_scope(user):
    """The project a request without a scope gets (Keystone: the user's default project,
    when enabled and the user holds a role on it), else None for an unscoped token."""
    identity = UserIdentity.objects.filter(user=user).select_related("default_project").first()
    project = identity.default_project if identity else None
    if project is None or not project.enabled or not roles_on(user, project):
        return None
    return project
