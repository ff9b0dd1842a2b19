"""/os-aggregates (admin only): host aggregates and the availability zones they make, in
Nova's shapes: create, list, show, update (name, zone), delete, and the add_host,
remove_host and set_metadata actions; `uuid` from microversion 2.41."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, Conflict, NotFound
from api.openstack.compute.links import usage_time
from api.openstack.compute.routing import V21
from api.views import AdminView, ok
from compute.models import Host
from scheduler import aggregates as intents
from scheduler.models import Aggregate

# Nova's az_name: printable, no ':', no leading or trailing whitespace.
ZONE_NAME = {"type": "string", "minLength": 1, "maxLength": 255,
             "pattern": r"^(?!\s)[^:]*(?<!\s)$"}
ZONE = {"oneOf": [ZONE_NAME, {"type": "null"}]}
# Nova's name_with_leading_trailing_spaces (stripped afterwards).
PADDED_NAME = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"\S"}
HOST = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[a-zA-Z0-9-._]*$"}
METADATA = {"type": "object",
            "patternProperties": {r"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": ["string", "null"],
                                                                 "maxLength": 255}},
            "additionalProperties": False}


def _wrapped(key, properties, required=(), **extra):
    inner = {"type": "object", "properties": properties, "additionalProperties": False,
             **({"required": list(required)} if required else {}), **extra}
    return {"type": "object", "properties": {key: inner}, "required": [key],
            "additionalProperties": False}


CREATE = _wrapped("aggregate", {"name": schemas.name, "availability_zone": ZONE}, ["name"])
UPDATE = _wrapped("aggregate", {"name": PADDED_NAME, "availability_zone": ZONE},
                  anyOf=[{"required": ["name"]}, {"required": ["availability_zone"]}])
ACTIONS = {
    "add_host": _wrapped("add_host", {"host": HOST}, ["host"]),
    "remove_host": _wrapped("remove_host", {"host": HOST}, ["host"]),
    "set_metadata": _wrapped("set_metadata", {"metadata": METADATA}, ["metadata"]),
}


def host_names(aggregate_ids):
    """aggregate id → its hosts' names, in the order they joined (one query)."""
    names = {pk: [] for pk in aggregate_ids}
    rows = (Aggregate.hosts.through.objects.filter(aggregate_id__in=aggregate_ids)
            .order_by("id").values_list("aggregate_id", "host__name"))
    for aggregate_id, name in rows:
        names[aggregate_id].append(name)
    return names


def render(aggregate, version, hosts=None):
    """Nova's aggregate; without `hosts` (create) neither hosts nor metadata."""
    body = {"availability_zone": aggregate.availability_zone,
            "created_at": usage_time(aggregate.created_at), "deleted": False,
            "deleted_at": None, "id": aggregate.pk, "name": aggregate.name,
            "updated_at": usage_time(aggregate.updated_at)}
    if hosts is not None:
        body.update(hosts=hosts, metadata=dict(aggregate.metadata))
    if version >= (2, 41):
        body["uuid"] = aggregate.uuid
    return body


def reason(exc):
    return exc.messages[0].rstrip(".")


class AggregateView(AdminView):
    """Nova's policy names, os_compute_api:os-aggregates:<rule>, one rule per method."""

    rules = {}

    def policy_name(self):
        return f"os_compute_api:os-aggregates:{self.rule()}"

    def rule(self):
        return self.rules.get(self.request.method, "index")

    def aggregate(self, aggregate_id):
        try:
            pk = int(aggregate_id)
        except ValueError:
            raise BadRequest("Invalid input received: id must be an integer") from None
        found = Aggregate.objects.filter(pk=pk).first()
        if found is None:
            raise NotFound(f"Aggregate {aggregate_id} could not be found.")
        return found

    def detail(self, aggregate):
        hosts = host_names([aggregate.pk])[aggregate.pk]
        return ok({"aggregate": render(aggregate, self.version, hosts)})


class AggregateList(AggregateView):
    """GET /os-aggregates; POST creates one (200, without hosts and metadata, as Nova)."""

    request_schemas = {"post": CREATE}

    rules = {"GET": "index", "POST": "create"}

    def get(self, request):
        found = list(Aggregate.objects.order_by("id"))
        hosts = host_names([aggregate.pk for aggregate in found])
        return ok({"aggregates": [render(aggregate, self.version, hosts[aggregate.pk])
                                  for aggregate in found]})

    def post(self, request):
        body = schemas.validate(request.data, CREATE)["aggregate"]
        aggregate = intents.create_aggregate(body["name"].strip(),
                                             body.get("availability_zone"))
        return ok({"aggregate": render(aggregate, self.version)})


class AggregateItem(AggregateView):
    """GET, PUT (name and/or availability_zone) and DELETE /os-aggregates/{id}."""

    request_schemas = {"put": UPDATE}

    rules = {"GET": "show", "PUT": "update", "DELETE": "delete"}

    def get(self, request, aggregate_id):
        return self.detail(self.aggregate(aggregate_id))

    def put(self, request, aggregate_id):
        changes = dict(schemas.validate(request.data, UPDATE)["aggregate"])
        if "name" in changes:
            changes["name"] = changes["name"].strip()
        aggregate = self.aggregate(aggregate_id)
        try:
            intents.update_aggregate(aggregate, changes)
        except intents.InvalidAggregateAction as exc:
            raise BadRequest(f"Cannot update aggregate {aggregate.pk}. "
                             f"Reason: {reason(exc)}.") from None
        return self.detail(aggregate)

    def delete(self, request, aggregate_id):
        aggregate = self.aggregate(aggregate_id)
        try:
            intents.delete_aggregate(aggregate)
        except intents.InvalidAggregateAction as exc:
            raise BadRequest(f"Cannot remove host from aggregate {aggregate.pk}. "
                             f"Reason: {reason(exc)}.") from None
        return ok(None)


class AggregateAction(AggregateView):
    """POST /os-aggregates/{id}/action: add_host, remove_host, set_metadata."""

    request_schemas = {"post": {"anyOf": list(ACTIONS.values())}}

    def rule(self):
        data = self.request.data if isinstance(self.request.data, dict) else {}
        return next((name for name in ACTIONS if name in data), "index")

    def post(self, request, aggregate_id):
        name = self.rule()
        if name not in ACTIONS:
            data = request.data if isinstance(request.data, dict) else {}
            raise BadRequest(f"There is no such action: {', '.join(data) or None}")
        arg = schemas.validate(request.data, ACTIONS[name])[name]
        return getattr(self, name)(aggregate_id, arg)

    def add_host(self, aggregate_id, arg):
        host = Host.objects.filter(name=arg["host"]).first()
        if host is None:
            raise NotFound(f"Compute host {arg['host']} could not be found.")
        aggregate = self.aggregate(aggregate_id)
        try:
            intents.add_member(aggregate, host)
        except intents.InvalidAggregateAction as exc:
            raise Conflict(f"Cannot add host to aggregate {aggregate.pk}. "
                           f"Reason: {reason(exc)}.") from None
        return self.detail(aggregate)

    def remove_host(self, aggregate_id, arg):
        host = Host.objects.filter(name=arg["host"]).first()
        aggregate = self.aggregate(aggregate_id)
        missing = NotFound(f"Cannot remove host {arg['host']} in aggregate {aggregate_id}")
        if host is None:
            raise missing
        try:
            intents.remove_member(aggregate, host)
        except intents.HostNotMember:
            raise missing from None
        except intents.InvalidAggregateAction as exc:
            raise Conflict(f"Cannot remove host from aggregate {aggregate.pk}. "
                           f"Reason: {reason(exc)}.") from None
        return self.detail(aggregate)

    def set_metadata(self, aggregate_id, arg):
        aggregate = self.aggregate(aggregate_id)
        try:
            intents.set_metadata(aggregate, arg["metadata"])
        except intents.InvalidAggregateAction as exc:
            raise BadRequest(f"Cannot update metadata of aggregate {aggregate.pk}. "
                             f"Reason: {reason(exc)}.") from None
        return self.detail(aggregate)


_ID = r"(?P<aggregate_id>[^/]+)"
routes = [
    re_path(rf"{V21}/os-aggregates/?$", AggregateList.as_view()),
    re_path(rf"{V21}/os-aggregates/{_ID}/action/?$", AggregateAction.as_view()),
    re_path(rf"{V21}/os-aggregates/{_ID}/?$", AggregateItem.as_view()),
]
