"""Identity administration: the rules for projects, users, roles and role assignments, and
the tokens each change takes away."""
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction

from api import tokens
from api.models import Project, Role, RoleAssignment, UserIdentity
from compute import states
from compute.models import Instance

DEFAULT_DOMAIN = {"id": "default", "name": "Default", "description": "The default domain"}
# Roles Keystone's bootstrap creates as immutable: deleting one would lock operators out.
IMMUTABLE_ROLES = ("admin", "manager", "member", "reader", "service")


class AccountError(Exception):
    """A change the identity rules refuse; subclasses say why."""


class Unknown(AccountError):
    """A referenced domain, project, user or role does not exist (HTTP 404)."""


class Duplicate(AccountError):
    """The name is taken (HTTP 409)."""


class InUse(AccountError):
    """The object still holds things that must go first (HTTP 409)."""


class Protected(AccountError):
    """The object may never be changed this way (HTTP 403)."""


class WrongPassword(AccountError):
    """The original password given does not match (HTTP 401)."""


def check_domain(domain_id):
    """Only the default domain exists."""
    if domain_id is not None and domain_id != DEFAULT_DOMAIN["id"]:
        raise Unknown(f"Could not find domain: {domain_id}.")


def _duplicate(kind, name):
    return Duplicate(f"Conflict occurred attempting to store {kind} - Duplicate entry found "
                     f"with name {name} at domain ID default.")


def _save(instance, kind, name):
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise _duplicate(kind, name) from None
    return instance


# Projects


def create_project(*, name, description="", enabled=True, domain_id="default"):
    """A new project in the default domain; 409 semantics when the name is taken."""
    check_domain(domain_id)
    if Project.objects.filter(name=name).exists():
        raise _duplicate("project", name)
    return _save(Project(name=name, description=description or "", enabled=enabled),
                 "project", name)


def update_project(project, **changes):
    """Rename, redescribe, enable or disable; disabling revokes the tokens scoped to it."""
    name = changes.get("name", project.name)
    if Project.objects.filter(name=name).exclude(pk=project.pk).exists():
        raise _duplicate("project", name)
    project.name = name
    project.enabled = changes.get("enabled", project.enabled)
    project.description = changes.get("description", project.description) or ""
    with transaction.atomic():
        _save(project, "project", name)
        if not project.enabled:
            tokens.revoke_all(project=project)
    return project


def live_instances(project):
    return Instance.objects.filter(project_id=project.id).exclude(vm_state=states.DELETED)


def delete_project(project):
    """Remove a project that owns no live instance, with its assignments and tokens."""
    count = live_instances(project).count()
    if count:
        raise InUse(f"Project {project.name} ({project.id}) still has {count} instance(s); "
                    "delete them before deleting the project.")
    with transaction.atomic():
        tokens.revoke_all(project=project)
        project.delete()


# Users


def _user_name_taken(name, identity=None):
    users = get_user_model().objects.filter(username=name)
    if identity is not None:
        users = users.exclude(pk=identity.user_id)
    return users.exists()


def create_user(*, name, password=None, enabled=True, email="", description="",
                default_project=None, domain_id="default"):
    """A Django user with its Keystone identity; no password means it cannot log in."""
    check_domain(domain_id)
    if _user_name_taken(name):
        raise _duplicate("user", name)
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                username=name, password=password, email=email or "", is_active=enabled)
            return UserIdentity.objects.create(user=user, description=description or "",
                                               default_project=default_project)
    except IntegrityError:
        raise _duplicate("user", name) from None


def update_user(identity, **changes):
    """Change name, password, enabled, email, description or default project; a new password
    or disabling revokes every token of the user (as Keystone does)."""
    user = identity.user
    if "name" in changes and _user_name_taken(changes["name"], identity):
        raise _duplicate("user", changes["name"])
    user.username = changes.get("name", user.username)
    user.email = changes.get("email", user.email) or ""
    user.is_active = changes.get("enabled", user.is_active)
    if "password" in changes:
        _set_password(user, changes["password"])
    identity.description = changes.get("description", identity.description) or ""
    identity.default_project = changes.get("default_project", identity.default_project)
    with transaction.atomic():
        _save(user, "user", user.username)
        identity.save()
        if "password" in changes or not user.is_active:
            tokens.revoke_all(user=user)
    return identity


def _set_password(user, password):
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)


def change_password(identity, original, password):
    """Self-service: the original password proves the caller; all the user's tokens go."""
    user = identity.user
    if authenticate(username=user.get_username(), password=original) is None:
        raise WrongPassword("The request you have made requires authentication.")
    update_user(identity, password=password)


def delete_user(identity):
    """Remove the user, its assignments and its tokens (instances stay with their project)."""
    with transaction.atomic():
        tokens.revoke_all(user=identity.user)
        identity.user.delete()


def ensure_identities():
    """Give every Django user (e.g. one made in the admin) its Keystone identity."""
    missing = get_user_model().objects.filter(identity__isnull=True)
    UserIdentity.objects.bulk_create([UserIdentity(user=user) for user in missing])


# Roles and assignments


def create_role(*, name, description=""):
    if Role.objects.filter(name=name).exists():
        raise _duplicate("role", name)
    return _save(Role(name=name, description=description or ""), "role", name)


def delete_role(role):
    """Remove a role and every assignment of it, revoking the tokens those granted."""
    if role.name in IMMUTABLE_ROLES:
        raise Protected(f"Unable to delete immutable role {role.name}.")
    with transaction.atomic():
        for assignment in role.assignments.all():
            tokens.revoke_all(user=assignment.user, project=assignment.project)
        role.delete()


def grant(user, project, role):
    """Give `user` the role on `project`; a second call does nothing. Existing tokens keep
    their roles: the new one shows in the next token."""
    RoleAssignment.objects.get_or_create(user=user, project=project, role=role)


def ungrant(user, project, role):
    """Take the role away and revoke the user's tokens on the project."""
    with transaction.atomic():
        deleted, _ = RoleAssignment.objects.filter(user=user, project=project,
                                                   role=role).delete()
        if not deleted:
            raise Unknown(f"Could not find role assignment with role: {role.id}, user or "
                          f"group: {tokens.identity_of(user).id}, project, domain, or "
                          f"system: {project.id}.")
        tokens.revoke_all(user=user, project=project)
