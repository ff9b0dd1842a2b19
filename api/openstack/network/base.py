"""The base of Neutron v2.0 views: Neutron's error body, its list filters and `fields`."""
import json

from django.db import transaction

from api import schemas
from api.errors import BadRequest
from api.errors import exception_handler as nova_handler
from api.views import OpenStackView, ok
from networking import errors

# Nova fault names → the Neutron error types that answer for the same status
_TYPES = {"badRequest": "HTTPBadRequest", "itemNotFound": "HTTPNotFound",
          "forbidden": "PolicyNotAuthorized", "conflictingRequest": "HTTPConflict",
          "unauthorized": "HTTPUnauthorized", "HTTPMethodNotAllowed": "HTTPMethodNotAllowed"}


def neutron_error(status, kind, message):
    from django.http import JsonResponse

    return JsonResponse({"NeutronError": {"type": kind, "message": message, "detail": ""}},
                        status=status)


def exception_handler(exc, context):
    """Every refusal as {"NeutronError": {"type", "message", "detail"}}."""
    if isinstance(exc, errors.NetworkingError):
        return neutron_error(exc.status, exc.type, exc.message)
    response = nova_handler(exc, context)
    if response is None:
        return None
    (fault, body), = json.loads(response.content).items()
    return neutron_error(response.status_code, _TYPES.get(fault, fault), body["message"])


def _matches(value, wanted):
    if isinstance(value, bool):
        return str(value).lower() in [w.lower() for w in wanted]
    if isinstance(value, list):
        return any(str(v) in wanted for v in value)
    return ("" if value is None else str(value)) in wanted


class NeutronView(OpenStackView):
    """Views of /network/v2.0: `collection`/`member` name the wrapper keys."""

    collection = member = ""

    def get_exception_handler(self):
        return exception_handler

    def listed(self, items):
        """Rendered items filtered by the query (repeat a key for any-of), `fields` kept."""
        query = self.request.GET
        for key in query:
            if key in ("fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse"):
                continue
            if items and key not in items[0]:
                continue  # not an attribute: ignored, as Neutron does without filter-validation
            wanted = query.getlist(key)
            items = [i for i in items if _matches(i[key], wanted)]
        fields = query.getlist("fields")
        if fields:
            items = [{k: v for k, v in i.items() if k in fields} for i in items]
        return {self.collection: items}

    def shown(self, item):
        """One rendered item, `fields` kept."""
        fields = self.request.GET.getlist("fields")
        if fields:
            item = {k: v for k, v in item.items() if k in fields}
        return {self.member: item}

    def body_of(self, key):
        data = self.request.data
        if not isinstance(data, dict) or not isinstance(data.get(key), dict):
            raise errors.InvalidInput(f"Invalid input for operation: Resource body required "
                                      f"with a '{key}' object.")
        return data[key]

    def owned(self, obj):
        """Writes to another project's (shared/external) object are refused."""
        ctx = self.context
        if not ctx.is_admin and obj.project_id != ctx.project_id:
            raise errors.Forbidden(f"(rule:update_{self.member}) is disallowed by policy")
        return obj


TEXT = {"type": "string", "maxLength": 255}
BOOL = {"type": "boolean"}
UUID_OR_NULL = {"type": ["string", "null"], "maxLength": 36}


def checked(body, properties):
    """`body` when its attributes have the types Neutron accepts (InvalidInput otherwise)."""
    try:
        return schemas.validate(body, {"type": "object", "properties": properties})
    except BadRequest as exc:
        raise errors.InvalidInput(exc.message) from None


def timestamp(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def admin_only(ctx, body, keys, action):
    """Refuse attributes only admins may set (Neutron's policy message)."""
    for key in keys:
        if key in body and not ctx.is_admin:
            raise errors.Forbidden(f"(rule:{action}:{key}) is disallowed by policy")


class NeutronCollectionView(NeutronView):
    """A collection's view: POST creates one or, Neutron's bulk create, several at once."""

    def create(self, body):
        """Create one `member` from its body; the rendered result (subclasses)."""
        raise errors.InvalidInput(f"Cannot create {self.member}")

    def post(self, request):
        """POST {member: {...}} creates one; POST {collection: [...]} creates them all or
        none (Neutron's bulk create)."""
        data = request.data
        if isinstance(data, dict) and isinstance(data.get(self.collection), list):
            with transaction.atomic():
                created = [self.create(self._object(item)) for item in data[self.collection]]
            return ok({self.collection: created}, status=201)
        return ok({self.member: self.create(self.body_of(self.member))}, status=201)

    def _object(self, item):
        if not isinstance(item, dict):
            raise errors.InvalidInput(f"Invalid input for operation: each {self.member} must "
                                      f"be an object.")
        return item
