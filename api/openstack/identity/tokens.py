"""POST/GET/HEAD/DELETE /identity/v3/auth/tokens: password authentication scoped to a project."""
from api import tokens
from api.catalog import catalog
from api.errors import BadRequest, Forbidden, NotFound, Unauthorized
from api.models import Role
from api.openstack.identity.views import IdentityView
from api.parsers import JSONBodyParser
from api.views import ok

DOMAIN = {"id": "default", "name": "Default"}


def _iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def token_body(request, token):
    """Keystone's token document, with the catalog when scoped to a project."""
    user = token.user
    body = {
        "methods": ["password"],
        "user": {"id": tokens.identity_of(user).id, "name": user.get_username(),
                 "domain": DOMAIN, "password_expires_at": None},
        "audit_ids": [token.audit_id],
        "issued_at": _iso(token.issued_at), "expires_at": _iso(token.expires_at),
    }
    if token.project is not None:
        roles = {r.name: r.id for r in Role.objects.filter(name__in=token.roles)}
        body.update({
            "project": {"id": token.project.id, "name": token.project.name, "domain": DOMAIN},
            "is_domain": False,
            "roles": [{"id": roles.get(name, name), "name": name} for name in token.roles],
            "catalog": catalog(request),
        })
    return {"token": body}


def _domain_ok(domain):
    if not domain:
        return True
    return domain.get("id") in (None, "default") and domain.get("name") in (None, "Default")


def _credentials(auth):
    """(user, password, project) named by a v3 password auth request."""
    identity = auth.get("identity") or {}
    if "password" not in (identity.get("methods") or []):
        raise Unauthorized("Only the password method is supported.")
    user_ref = (identity.get("password") or {}).get("user") or {}
    if not _domain_ok(user_ref.get("domain")):
        raise Unauthorized("Could not find domain.")
    user = tokens.find_user(name=user_ref.get("name"), user_id=user_ref.get("id"))
    project = None
    scope = auth.get("scope")
    if isinstance(scope, dict) and "project" in scope:
        ref = scope["project"] or {}
        if not _domain_ok(ref.get("domain")):
            raise Unauthorized("Could not find domain.")
        project = tokens.find_project(name=ref.get("name"), project_id=ref.get("id"))
        if project is None:
            raise Unauthorized("Could not find project.")
    elif user is not None and not scope:
        project = tokens.default_scope(user)
    return user, user_ref.get("password") or "", project


class Tokens(IdentityView):
    """Issue (POST), validate (GET/HEAD with X-Subject-Token), revoke (DELETE). It checks
    tokens itself: POST needs none, the others need X-Auth-Token."""

    public_methods = ("post",)  # needs no token (api.openapi documents it so)

    authentication_classes = []
    permission_classes = []
    parser_classes = [JSONBodyParser]

    def post(self, request):
        auth = request.data.get("auth") if isinstance(request.data, dict) else None
        if not isinstance(auth, dict):
            raise BadRequest("Expecting to find auth in request body.")
        user, password, project = _credentials(auth)
        try:
            value, token = tokens.issue(user, password, project)
        except tokens.AuthenticationError as exc:
            raise Unauthorized(str(exc))
        return ok(token_body(request, token), status=201, headers={"X-Subject-Token": value})

    def _subject(self, request):
        caller = tokens.validate(request.META.get("HTTP_X_AUTH_TOKEN", ""))
        if caller is None:
            raise Unauthorized()
        subject = request.META.get("HTTP_X_SUBJECT_TOKEN", "")
        token = tokens.validate(subject)
        if token is None:
            raise NotFound("Could not find token.")
        if token.user_id != caller.user_id and "admin" not in caller.roles:
            raise NotFound("Could not find token.")
        return subject, token

    def get(self, request):
        subject, token = self._subject(request)
        return ok(token_body(request, token), headers={"X-Subject-Token": subject})

    def head(self, request):
        subject, _ = self._subject(request)
        return ok(None, headers={"X-Subject-Token": subject})

    def delete(self, request):
        subject, _ = self._subject(request)
        tokens.revoke(subject)
        return ok(None, status=204)


class Catalog(IdentityView):
    """GET /identity/v3/auth/catalog (a project-scoped token has one)."""

    def get(self, request):
        if not self.context.project_id:
            raise Forbidden("The service catalog is only available to scoped tokens.")
        return ok({"catalog": catalog(request)})
