"""The base of every Keystone v3 view: token auth, admin and self policies, Keystone's error
body {"error": {"code", "message", "title"}}."""
import json
from http import HTTPStatus

from django.http import JsonResponse
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api import accounts, errors
from api.auth import TokenAuthentication
from api.catalog import base_url
from api.parsers import JSONBodyParser

UNAUTHORIZED = "The request you have made requires authentication."


class NotImplementedHere(errors.ApiError):
    status, fault = 501, "notImplemented"
    default = "The action you have requested has not been implemented."


# Refusals of the identity rules (api.accounts) and the HTTP errors they become.
_ACCOUNT_ERRORS = {
    accounts.Unknown: errors.NotFound,
    accounts.Duplicate: errors.Conflict,
    accounts.InUse: errors.Conflict,
    accounts.Protected: errors.Forbidden,
    accounts.WrongPassword: errors.Unauthorized,
}


def exception_handler(exc, context):
    """Every error an identity view raises, in Keystone's shape (401s name the auth URL)."""
    for account_error, api_error in _ACCOUNT_ERRORS.items():
        if isinstance(exc, account_error):
            exc = api_error(str(exc))
    nova_style = errors.exception_handler(exc, context)
    code = nova_style.status_code
    response = JsonResponse({"error": {"code": code, "message": _message(nova_style),
                                       "title": HTTPStatus(code).phrase}}, status=code)
    for name, value in getattr(exc, "headers", {}).items():
        response[name] = value
    if code == 401:
        request = context["request"]
        response["WWW-Authenticate"] = f'Keystone uri="{base_url(request)}/identity"'
    return response


def _message(response):
    data = getattr(response, "data", None)  # DRF's own handler answered (e.g. Http404)
    if data is not None:
        return str(data.get("detail", data)) if isinstance(data, dict) else str(data)
    (inner,) = json.loads(response.content).values()
    return inner["message"]


class Authenticated(BasePermission):
    """A valid token is required; methods named in the view's `admin_rules` need admin."""

    def has_permission(self, request, view):
        if request.auth is None:
            raise errors.Unauthorized(UNAUTHORIZED)
        rule = view.admin_rules.get(request.method)
        if rule and not request.auth.is_admin:
            raise forbidden(rule)
        return True


def forbidden(rule):
    return errors.Forbidden(f"You are not authorized to perform the requested action: "
                            f"identity:{rule}.")


class IdentityView(APIView):
    """Keystone v3 resource views. `admin_rules` maps an HTTP method to the Keystone policy
    that only admins pass; `authorize()` covers the admin-or-self rules."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [Authenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONBodyParser]
    admin_rules = {}

    def get_exception_handler(self):
        return exception_handler

    @property
    def context(self):
        return self.request.auth

    def authorize(self, rule, allowed):
        """Admins pass; others only when `allowed` (e.g. the target is themselves)."""
        if not (self.context.is_admin or allowed):
            raise forbidden(rule)

    def body(self, key):
        data = self.request.data
        if not isinstance(data, dict) or not isinstance(data.get(key), dict):
            raise errors.BadRequest(f"Invalid input: '{key}' is a required property.")
        return data[key]

    def self_link(self, collection, item_id):
        return {"self": f"{base_url(self.request)}/identity/v3/{collection}/{item_id}"}

    def list_links(self):
        return {"self": f"{base_url(self.request)}{self.request.get_full_path()}",
                "previous": None, "next": None}


def query_true(request, name):
    """Keystone's reading of a flag in the query: present and not "0"/"false" means yes."""
    if name not in request.query_params:
        return False
    return request.query_params[name].lower() not in ("0", "false")
