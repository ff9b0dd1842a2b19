"""/flavors/{id}/os-extra_specs[/{key}]: anyone who sees the flavor reads its extra specs;
admins set, replace and delete them; from 2.86 the keys Nova knows are validated."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute import policy
from api.openstack.compute.flavors import FLAVOR, flavor_or_404
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import extra_specs, flavors

_KEY = r"^[a-zA-Z0-9-_:. ]{1,255}$"
# Values may arrive as numbers; they are stored and later shown as strings.
SPECS = {"type": "object", "additionalProperties": False,
         "patternProperties": {_KEY: {"type": ["string", "number"], "maxLength": 255}}}
CREATE = {"type": "object", "properties": {"extra_specs": SPECS}, "required": ["extra_specs"],
          "additionalProperties": False}
UPDATE = {**SPECS, "minProperties": 1, "maxProperties": 1}


def _check_values(specs, version):
    """JSON schema can't bound a number's length; Nova checks its text. From 2.86 each
    known extra spec's value is checked too."""
    for name, value in specs.items():
        if isinstance(value, (int, float)) and len(str(value)) > 255:
            raise BadRequest("Invalid input received: extra_specs value has more than 255 "
                             "characters.")
        if version >= (2, 86):
            try:
                extra_specs.validate(name, value)
            except extra_specs.InvalidExtraSpec as exc:
                raise BadRequest(str(exc))


class ExtraSpecList(OpenStackView):
    """GET/POST /flavors/{id}/os-extra_specs."""

    request_schemas = {"post": CREATE}

    def get(self, request, flavor_id):
        return ok({"extra_specs": dict(flavor_or_404(self.context, flavor_id).extra_specs)})

    def post(self, request, flavor_id):
        policy.require_admin(self.context, "os_compute_api:os-flavor-extra-specs:create")
        data = schemas.validate(request.data, CREATE)
        _check_values(data["extra_specs"], self.version)
        flavors.set_extra_specs(flavor_or_404(self.context, flavor_id), data["extra_specs"])
        return ok(data)


class ExtraSpecItem(OpenStackView):
    """GET/PUT/DELETE /flavors/{id}/os-extra_specs/{key}."""

    request_schemas = {"put": UPDATE}

    def get(self, request, flavor_id, key):
        specs = flavor_or_404(self.context, flavor_id).extra_specs
        if key not in specs:
            raise NotFound(f"Flavor {flavor_id} has no extra specs with key {key}.")
        return ok({key: specs[key]})

    def put(self, request, flavor_id, key):
        policy.require_admin(self.context, "os_compute_api:os-flavor-extra-specs:update")
        data = schemas.validate(request.data, UPDATE)
        _check_values(data, self.version)
        if key not in data:
            raise BadRequest("Request body and URI mismatch")
        flavors.set_extra_specs(flavor_or_404(self.context, flavor_id), data)
        return ok(data)

    def delete(self, request, flavor_id, key):
        policy.require_admin(self.context, "os_compute_api:os-flavor-extra-specs:delete")
        flavors.delete_extra_spec(flavor_or_404(self.context, flavor_id), key)
        return ok(None)


routes = [
    re_path(rf"{V21}/flavors/{FLAVOR}/os-extra_specs/?$", ExtraSpecList.as_view()),
    re_path(rf"{V21}/flavors/{FLAVOR}/os-extra_specs/(?P<key>[^/]+)/?$",
            ExtraSpecItem.as_view()),
]
