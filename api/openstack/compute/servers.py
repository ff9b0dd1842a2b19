"""/servers: create, list (brief and detail, with Nova's filters and paging), show, update,
delete."""
import base64
import binascii
import ipaddress

from django.conf import settings
from django.db import transaction

from api import schemas
from api.errors import BadRequest, Forbidden, NotFound
from api.idempotency import idempotent
from api.openstack.compute import (
    lookups,
    scheduling,
    server_addresses,
    server_fields,
    server_networks,
    server_params,
    server_security_groups,
    server_tags,
    server_views,
)
from api.openstack.compute.links import links
from api.openstack.compute.server_filters import filter_and_page
from api.views import OpenStackView, ok
from compute import deletes, services
from compute.models import KeyPair

_server_props = {
    "name": schemas.name, "imageRef": {"type": "string"},
    "flavorRef": {"type": ["string", "integer"], "minLength": 1},
    "adminPass": {"type": "string"}, "metadata": schemas.metadata,
    "availability_zone": {"type": "string", "maxLength": 255},
    "key_name": {"type": "string", "minLength": 1, "maxLength": 255},
    "user_data": {"type": "string", "maxLength": 65535},
    "accessIPv4": {"type": "string", "format": "ipv4"},
    "accessIPv6": {"type": "string", "format": "ipv6"},
    "min_count": schemas.positive_int, "max_count": schemas.positive_int,
    "return_reservation_id": {"type": ["boolean", "string"]},
    "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
    "networks": {"type": ["array", "string"]},
    "block_device_mapping_v2": {"type": "array", "items": {"type": "object"}},
    "block_device_mapping": {"type": "array", "items": {"type": "object"}},
    "security_groups": {"type": "array", "items": {
        "type": "object", "properties": {"name": {"type": "string", "maxLength": 255}},
        "additionalProperties": False}},
    "config_drive": {"type": ["boolean", "string", "null"]},
    "description": {"type": ["string", "null"], "maxLength": 255},
    "tags": server_tags.TAG_LIST,
    **server_params.CREATE_PROPERTIES,
}
CREATE = {
    "type": "object",
    "properties": {
        "server": {"type": "object", "properties": _server_props,
                   "required": ["name", "flavorRef"], "additionalProperties": False},
        "os:scheduler_hints": {"type": "object"},
        "OS-SCH-HNT:scheduler_hints": {"type": "object"},
    },
    "required": ["server"], "additionalProperties": False,
}
UPDATE = {
    "type": "object",
    "properties": {"server": {"type": "object", "properties": {
        "name": schemas.name, "accessIPv4": _server_props["accessIPv4"],
        "accessIPv6": _server_props["accessIPv6"],
        "OS-DCF:diskConfig": _server_props["OS-DCF:diskConfig"],
        "description": _server_props["description"], "hostname": {"type": "string"}},
        "additionalProperties": False}},
    "required": ["server"], "additionalProperties": False,
}


def _image_id(request_body):
    ref = request_body.get("imageRef")
    if ref:
        return lookups.ref_id(ref)
    for bdm in request_body.get("block_device_mapping_v2") or []:
        if bdm.get("source_type") == "image" and bdm.get("boot_index") in (0, "0"):
            return bdm.get("uuid")
    raise BadRequest("Block device mapping from a volume is not supported yet; give imageRef.")


def _count(body):
    min_count = int(body.get("min_count", 1))
    max_count = int(body.get("max_count", min_count))
    if min_count > max_count:
        raise BadRequest("min_count must be <= max_count")
    return max_count


def _user_data(body):
    value = body.get("user_data") or ""
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("Invalid input for field/attribute user_data: not valid base64.")
    return value


class ServerList(OpenStackView):
    """GET /servers (brief), POST /servers (create)."""

    request_schemas = {"post": CREATE}

    detailed = False

    def get(self, request):
        context = self.context
        instances, next_marker = filter_and_page(request, context)
        if self.detailed:
            instances = list(instances)
            server_addresses.ADDRESSES.prefetch(instances)
            server_security_groups.GROUP_NAMES.prefetch(instances)
            if self.version >= (2, 100):
                server_fields.HINTS.prefetch(instances)
            items = [server_views.detail(request, i, context, self.version) for i in instances]
        else:
            items = [server_views.brief(request, i) for i in instances]
        body = {"servers": items}
        if next_marker:
            query = request.GET.copy()
            query["marker"] = next_marker
            path = "servers/detail" if self.detailed else "servers"
            body["servers_links"] = [{"rel": "next", "href": links(request, path, "")[0][
                "href"].rstrip("/") + "?" + query.urlencode()}]
        return ok(body)

    @idempotent
    def post(self, request):
        body = schemas.validate(request.data, CREATE)["server"]
        context = self.context
        image, flavor, key = _resolve(context, body)
        _check_version(body, self.version)
        nics = server_networks.requested(body, context, _count(body))
        groups = server_security_groups.requested_groups(context, body)
        with transaction.atomic():
            created = services.create_instance(
                name=body["name"], flavor=flavor, image=image,
                project_id=context.project_id, user_id=context.user_id,
                availability_zone=body.get("availability_zone", ""),
                metadata=body.get("metadata") or {}, key_name=key.name if key else "",
                key_data=key.public_key if key else "", user_data=_user_data(body),
                description=body.get("description") or "",
                request_id=request.request_id, count=_count(body),
                scheduler_hints=scheduling.scheduler_hints(request.data), nics=nics,
                **_fields(body), **server_params.create_fields(body, context, self.version))
            server_security_groups.bind(created, groups)
        first = created[0]
        if body.get("return_reservation_id") in (True, "true", "True"):
            return ok({"reservation_id": first.reservation_id}, status=202)
        server = {"id": first.uuid, "links": links(request, "servers", first.uuid),
                  "OS-DCF:diskConfig": first.disk_config,
                  "security_groups": server_security_groups.created_view(body)}
        if settings.ENABLE_INSTANCE_PASSWORD:
            server["adminPass"] = body.get("adminPass") or services.generate_password()
        return ok({"server": server}, status=202,
                  headers={"Location": server["links"][0]["href"]})


def _resolve(context, body):
    """The image, flavor and key pair a create body names (400 when one is unknown)."""
    image = lookups.visible_images(context).filter(id=_image_id(body)).first()
    if image is None:
        raise BadRequest("Can not find requested image")
    flavor = lookups.flavors_for(context).filter(
        flavorid=lookups.ref_id(body["flavorRef"])).first()
    if flavor is None:
        raise BadRequest(f"Flavor {body['flavorRef']} could not be found.")
    key = None
    if body.get("key_name"):
        key = KeyPair.objects.filter(user_id=context.user_id, name=body["key_name"]).first()
        if key is None:
            raise BadRequest("Invalid key_name provided.")
    return image, flavor, key


# create-body properties and the microversion that introduced each
_INTRODUCED = {"description": (2, 19), "tags": (2, 52), **server_params.INTRODUCED}


def _check_version(body, version):
    for name, since in _INTRODUCED.items():
        if name in body and version < since:
            raise BadRequest(f"Invalid input for field/attribute server. Additional "
                             f"properties are not allowed ('{name}' was unexpected)")
    if version >= (2, 37) and "networks" not in body:
        raise BadRequest("Invalid input for field/attribute server. 'networks' is a required "
                         "property")


def _fields(body):
    """Instance fields taken from the body as given."""
    fields = {
        "access_ip_v4": body.get("accessIPv4", ""),
        "access_ip_v6": str(ipaddress.ip_address(body["accessIPv6"]))
        if body.get("accessIPv6") else "",
        "disk_config": body.get("OS-DCF:diskConfig"),  # None: as the image says
        "config_drive": "True" if body.get("config_drive") in (True, "true", "True") else "",
    }
    if "tags" in body:
        fields["tags"] = list(dict.fromkeys(body["tags"]))
    return fields


class ServerDetailList(ServerList):
    """GET /servers/detail."""

    detailed = True

    def post(self, request):
        raise NotFound()


class ServerItem(OpenStackView):
    """GET/PUT/DELETE /servers/{id}."""

    request_schemas = {"put": UPDATE}

    def get(self, request, server_id):
        instance = lookups.server(self.context, server_id)
        return ok({"server": server_views.shown(request, instance, self.context,
                                                self.version)})

    def put(self, request, server_id):
        body = schemas.validate(request.data, UPDATE)["server"]
        instance = lookups.server(self.context, server_id)
        changes = {"display_name": body.get("name"), "access_ip_v4": body.get("accessIPv4"),
                   "disk_config": body.get("OS-DCF:diskConfig")}
        if "accessIPv6" in body:
            changes["access_ip_v6"] = str(ipaddress.ip_address(body["accessIPv6"]))
        if "description" in body:
            if self.version < (2, 19):
                raise BadRequest("Additional properties are not allowed ('description')")
            changes["description"] = body["description"] or ""
        if "hostname" in body:
            if self.version < (2, 90):
                raise BadRequest("Additional properties are not allowed ('hostname')")
            server_params.check_hostname(body, self.version)
            changes["hostname"] = body["hostname"]
        services.update_instance(instance, **{k: v for k, v in changes.items()
                                               if v is not None})
        instance.refresh_from_db()
        return ok({"server": server_views.updated(request, instance, self.context,
                                                  self.version)})

    def delete(self, request, server_id):
        instance = lookups.server(self.context, server_id)
        deletes.request_delete(instance, user_id=self.context.user_id,
                               request_id=request.request_id, is_admin=self.context.is_admin)
        return ok(None, status=204)


def forbid_non_admin(context, what):
    if not context.is_admin:
        raise Forbidden(f"Policy doesn't allow {what} to be performed.")
