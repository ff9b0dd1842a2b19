"""Finding the identity objects a request names; what is missing is a 404 in Keystone's words."""
from api.errors import NotFound
from api.models import Project, Role, UserIdentity
from api.openstack.identity.views import query_true


def project(project_id):
    found = Project.objects.filter(pk=project_id).first()
    if found is None:
        raise NotFound(f"Could not find project: {project_id}.")
    return found


def user(user_id):
    """The UserIdentity with Keystone id `user_id` (its Django user at `.user`)."""
    found = UserIdentity.objects.select_related("user", "default_project").filter(
        pk=user_id).first()
    if found is None:
        raise NotFound(f"Could not find user: {user_id}.")
    return found


def role(role_id):
    found = Role.objects.filter(pk=role_id).first()
    if found is None:
        raise NotFound(f"Could not find role: {role_id}.")
    return found


def filtered(queryset, request, fields):
    """Keystone's exact-match list filters: `fields` maps a query parameter to a lookup;
    `enabled` reads as a flag."""
    for param, lookup in fields.items():
        if param not in request.query_params:
            continue
        value = request.query_params[param]
        if param == "enabled":
            value = query_true(request, param)
        queryset = queryset.filter(**{lookup: value})
    return queryset
