"""The rebuild server action: a new image (and optionally name, metadata, access IPs, key,
user data, ...) on the same server; 202 with the server document as Nova answers it."""
import functools
import ipaddress

from django.conf import settings

from api import schemas
from api.errors import BadRequest
from api.openstack.compute import lookups, server_params, server_views
from api.openstack.compute.links import links
from api.views import ok
from compute import rebuilds, services
from compute.models import KeyPair

_metadata = {key: value for key, value in schemas.metadata.items() if key != "maxProperties"}
_PROPERTIES = {
    "imageRef": {"type": "string", "minLength": 1}, "name": schemas.name,
    "adminPass": {"type": "string"}, "metadata": _metadata,
    "preserve_ephemeral": {"type": "boolean"},
    "OS-DCF:diskConfig": {"type": "string", "enum": ["AUTO", "MANUAL"]},
    "accessIPv4": {"type": "string", "format": "ipv4"},
    "accessIPv6": {"type": "string", "format": "ipv6"},
}
# property → (first microversion, last microversion or None)
_VERSIONED = {
    "personality": ({"type": "array", "items": {
        "type": "object", "additionalProperties": False, "required": ["path", "contents"],
        "properties": {"path": {"type": "string"}, "contents": {"type": "string"}}}},
        (2, 1), (2, 56)),
    "description": ({"type": ["string", "null"], "maxLength": 255}, (2, 19), None),
    "key_name": ({"type": ["string", "null"], "minLength": 1, "maxLength": 255}, (2, 54),
                 None),
    "user_data": ({"type": ["string", "null"], "maxLength": 65535}, (2, 57), None),
    "trusted_image_certificates": ({
        "type": ["array", "null"], "minItems": 1, "maxItems": 50, "uniqueItems": True,
        "items": {"type": "string", "minLength": 1}}, (2, 63), None),
    "hostname": (server_params.LABEL, (2, 90), (2, 93)),
}
_FQDN = server_params.FQDN


def _accepted(version):
    names = [n for n, (_, first, last) in _VERSIONED.items()
             if first <= version and (last is None or version <= last)]
    return tuple(names) + (("fqdn_hostname",) if version >= (2, 94) else ())


@functools.cache
def _schema(accepted):
    properties = {**_PROPERTIES, **{n: _VERSIONED[n][0] for n in accepted if n in _VERSIONED}}
    if "fqdn_hostname" in accepted:  # 2.94: a fully qualified name
        properties["hostname"] = _FQDN
    return {"type": "object", "properties": properties, "required": ["imageRef"],
            "additionalProperties": False}


def argument(version):
    """The rebuild argument's schema at `version` (one object per set of accepted names)."""
    return _schema(_accepted(version))


def _changes(context, body):
    """Instance fields the body replaces (only those it names)."""
    renames = {"name": "display_name", "metadata": "metadata", "accessIPv4": "access_ip_v4",
               "OS-DCF:diskConfig": "disk_config", "hostname": "hostname",
               "trusted_image_certificates": "trusted_image_certificates"}
    changes = {field: body[key] for key, field in renames.items() if key in body}
    if "accessIPv6" in body:
        changes["access_ip_v6"] = str(ipaddress.ip_address(body["accessIPv6"]))
    for key in ("description", "user_data"):
        if key in body:
            changes[key] = body[key] or ""
    if "key_name" in body:
        changes.update(key_name="", key_data="")
        if body["key_name"] is not None:
            key = KeyPair.objects.filter(user_id=context.user_id, name=body["key_name"]).first()
            if key is None:
                raise BadRequest("Invalid key_name provided.")
            changes.update(key_name=key.name, key_data=key.public_key)
    return changes


def rebuild(view, instance, arg, common):
    """Start the rebuild; 409 unless active, stopped or error (and unlocked), 400 for an
    image that is unknown or too big for the server's flavor."""
    body = schemas.validate(arg, argument(view.version))
    context, version = view.context, view.version
    instance = rebuilds.rebuild_instance(
        instance, lookups.ref_id(body["imageRef"]), project_id=context.project_id,
        user_id=common["user_id"], is_admin=context.is_admin,
        request_id=common["request_id"], personality=body.get("personality") or (),
        **_changes(context, body))
    server = server_views.updated(view.request, instance, context, version)
    if version >= (2, 54):
        server["key_name"] = instance.key_name or None
    if version >= (2, 57):
        server.pop("OS-EXT-SRV-ATTR:user_data", None)
        server["user_data"] = instance.user_data or None
    if settings.ENABLE_INSTANCE_PASSWORD:
        server["adminPass"] = body.get("adminPass") or services.generate_password()
    return ok({"server": server}, status=202,
              headers={"Location": links(view.request, "servers", instance.uuid)[0]["href"]})
