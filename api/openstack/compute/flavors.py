"""/flavors: list (brief and detail, with Nova's filters, sorting and paging), show, and the
admin's create, description update (2.55) and delete."""
from django.db.models import Q
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute import lookups, paging, policy, query
from api.openstack.compute.links import links
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import flavors
from compute.models import Flavor

TRUE_STRINGS = ("1", "t", "true", "on", "y", "yes")
FALSE_STRINGS = ("0", "f", "false", "off", "n", "no")
# Nova's sort keys and the column each sorts by (we keep no updated_at or vcpu_weight).
SORT_KEYS = {"created_at": "created_at", "description": "description", "disabled": "disabled",
             "ephemeral_gb": "ephemeral_gb", "flavorid": "flavorid", "id": "id",
             "is_public": "is_public", "memory_mb": "memory_mb", "name": "name",
             "root_gb": "root_gb", "rxtx_factor": "rxtx_factor", "swap": "swap",
             "updated_at": "created_at", "vcpu_weight": "id", "vcpus": "vcpus"}
_positive = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1,
             "maximum": flavors.MAX_INT}
_non_negative = {**_positive, "minimum": 0}
_description = {"type": ["string", "null"], "maxLength": 65535}
_create_props = {
    "name": schemas.name,
    "id": {"type": ["string", "number", "null"], "minLength": 1, "maxLength": 255,
           "pattern": r"^(?! )[a-zA-Z0-9. _-]+(?<! )$"},
    "ram": _positive, "vcpus": _positive, "disk": _non_negative,
    "OS-FLV-EXT-DATA:ephemeral": _non_negative, "swap": _non_negative,
    "rxtx_factor": {"type": ["number", "string"], "pattern": r"^[0-9]+(\.[0-9]+)?$",
                    "exclusiveMinimum": 0, "maximum": flavors.MAX_FLOAT},
    "os-flavor-access:is_public": schemas.boolean,
}

LIST_QUERY = query.QuerySchema({**query.PAGING, **{name: query.TEXT for name in (
    "is_public", "minRam", "minDisk", "sort_key", "sort_dir")}})


def _create_schema(version):
    props = dict(_create_props)
    if version >= (2, 55):
        props["description"] = _description
    return {"type": "object", "required": ["flavor"], "additionalProperties": False,
            "properties": {"flavor": {"type": "object", "properties": props,
                                      "required": ["name", "ram", "vcpus", "disk"],
                                      "additionalProperties": False}}}


UPDATE = {"type": "object", "required": ["flavor"], "additionalProperties": False,
          "properties": {"flavor": {"type": "object", "required": ["description"],
                                    "properties": {"description": _description},
                                    "additionalProperties": False}}}


def to_bool(value):
    """oslo's strict bool_from_string; None for anything else."""
    text = str(value).strip().lower()
    if text in TRUE_STRINGS:
        return True
    if text in FALSE_STRINGS:
        return False
    return None


def brief(request, flavor, version):
    body = {"id": flavor.flavorid, "name": flavor.name,
            "links": links(request, "flavors", flavor.flavorid)}
    if version >= (2, 55):
        body["description"] = flavor.description or None
    return body


def detail(request, flavor, version):
    """A flavor as Nova renders it at `version` (swap "" for none below 2.75)."""
    body = {
        **brief(request, flavor, version), "ram": flavor.memory_mb, "disk": flavor.root_gb,
        "swap": flavor.swap if version >= (2, 75) else (flavor.swap or ""),
        "OS-FLV-EXT-DATA:ephemeral": flavor.ephemeral_gb,
        "OS-FLV-DISABLED:disabled": flavor.disabled, "vcpus": flavor.vcpus,
        "os-flavor-access:is_public": flavor.is_public,
        "rxtx_factor": flavor.rxtx_factor or "",
    }
    if version >= (2, 61):
        body["extra_specs"] = dict(flavor.extra_specs)
    return body


def _visible(context, query):
    """Admins choose with is_public (True: public and their project's, False: private only,
    None: all); everyone else sees public flavors and those shared with their project."""
    if not context.is_admin:
        return lookups.flavors_for(context).filter(disabled=False)
    value = query.get("is_public")
    if value is not None and value.strip().lower() == "none":
        return Flavor.objects.all()
    is_public = True if value is None else to_bool(value)
    if is_public is None:
        raise BadRequest(f"Invalid is_public filter [{value}]")
    if not is_public:
        return Flavor.objects.filter(is_public=False)
    return Flavor.objects.filter(Q(is_public=True) | Q(access__project_id=context.project_id)
                                 ).distinct()


def _filtered(context, query):
    qs = _visible(context, query)
    for param, field in (("minRam", "memory_mb__gte"), ("minDisk", "root_gb__gte")):
        if param in query:
            try:
                qs = qs.filter(**{field: int(query[param])})
            except ValueError:
                raise BadRequest(f"Invalid {param} filter [{query[param]}]") from None
    key, direction = query.get("sort_key") or "flavorid", query.get("sort_dir") or "asc"
    if key not in SORT_KEYS:
        raise BadRequest(f"Invalid input for query parameters sort_key. Value: {key}.")
    if direction not in ("asc", "desc"):
        raise BadRequest(f"Invalid input for query parameters sort_dir. Value: {direction}.")
    sign = "-" if direction == "desc" else ""
    return qs.order_by(sign + SORT_KEYS[key], sign + "id")


class FlavorList(OpenStackView):
    """GET /flavors (brief), POST /flavors (admin)."""

    request_schemas = {"post": _create_schema}

    collection = "flavors"

    def render(self, flavor):
        return brief(self.request, flavor, self.version)

    def get(self, request):
        query.check(self, LIST_QUERY)
        limit, marker = paging.limit_and_marker(request)
        items = paging.page(list(_filtered(self.context, request.GET)), lambda f: f.flavorid,
                            limit, marker)
        body = {"flavors": [self.render(flavor) for flavor in items]}
        more = paging.next_links(request, self.collection, len(items),
                                 items[-1].flavorid if items else None)
        if more:
            body["flavors_links"] = more
        return ok(body)

    def post(self, request):
        policy.require_admin(self.context, "os_compute_api:os-flavor-manage:create")
        body = schemas.validate(request.data, _create_schema(self.version))["flavor"]
        flavor = flavors.create_flavor(
            name=body["name"], ram=body["ram"], vcpus=body["vcpus"], disk=body["disk"],
            flavorid=body.get("id"), ephemeral=body.get("OS-FLV-EXT-DATA:ephemeral", 0),
            swap=body.get("swap", 0), rxtx_factor=body.get("rxtx_factor", 1.0),
            is_public=to_bool(body.get("os-flavor-access:is_public", True)),
            description=body.get("description"))
        return ok({"flavor": detail(request, flavor, self.version)})


class FlavorDetailList(FlavorList):
    """GET /flavors/detail."""

    collection = "flavors/detail"

    def render(self, flavor):
        return detail(self.request, flavor, self.version)

    def post(self, request):
        raise NotFound()


def flavor_or_404(context, flavor_id):
    """The flavor `flavor_id` if the caller may see it, else 404 (the SDK's find needs it)."""
    flavor = lookups.flavors_for(context).filter(flavorid=flavor_id).first()
    if flavor is None:
        raise NotFound(f"Flavor {flavor_id} could not be found.")
    return flavor


class FlavorItem(OpenStackView):
    """GET/PUT (2.55, description only)/DELETE /flavors/{id}."""

    request_schemas = {"put": UPDATE}

    def get(self, request, flavor_id):
        flavor = flavor_or_404(self.context, flavor_id)
        return ok({"flavor": detail(request, flavor, self.version)})

    def put(self, request, flavor_id):
        if self.version < (2, 55):
            raise NotFound()
        policy.require_admin(self.context, "os_compute_api:os-flavor-manage:update")
        body = schemas.validate(request.data, UPDATE)["flavor"]
        flavor = flavors.update_description(flavor_or_404(self.context, flavor_id),
                                            body["description"])
        return ok({"flavor": detail(request, flavor, self.version)})

    def delete(self, request, flavor_id):
        policy.require_admin(self.context, "os_compute_api:os-flavor-manage:delete")
        flavors.delete_flavor(flavor_or_404(self.context, flavor_id))
        return ok(None, status=202)


FLAVOR = r"(?P<flavor_id>[^/]+)"
routes = [
    re_path(rf"{V21}/flavors/?$", FlavorList.as_view()),
    re_path(rf"{V21}/flavors/detail/?$", FlavorDetailList.as_view()),
    re_path(rf"{V21}/flavors/{FLAVOR}/?$", FlavorItem.as_view()),
]
