"""Server create and update parameters of microversions 2.63 to 2.94: trusted image
certificates (2.63), a mapping's `volume_type` (2.67), an admin's requested destination
`host` / `hypervisor_hostname` (2.74), and the guest `hostname` (2.90: one DNS label; 2.94:
a fully qualified name)."""
from api import schemas
from api.errors import BadRequest
from api.openstack.compute import policy
from scheduler.request import resolve_destination

TRUSTED_CERTS = {"type": ["array", "null"], "minItems": 1, "maxItems": 50,
                 "uniqueItems": True, "items": {"type": "string", "minLength": 1}}
FQDN = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[a-zA-Z0-9-._]*$"}
LABEL = {"type": "string", "minLength": 2, "maxLength": 63,
         "pattern": r"^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$"}
# Create-body properties (the view refuses each below the microversion that brought it).
CREATE_PROPERTIES = {"trusted_image_certificates": TRUSTED_CERTS, "host": FQDN,
                     "hypervisor_hostname": FQDN, "hostname": {"type": "string"}}
INTRODUCED = {"trusted_image_certificates": (2, 63), "host": (2, 74),
              "hypervisor_hostname": (2, 74), "hostname": (2, 90)}
_HOSTNAME = {"label": {"type": "object", "properties": {"hostname": LABEL}},
             "fqdn": {"type": "object", "properties": {"hostname": FQDN}}}
DESTINATION_RULE = "compute:servers:create:requested_destination"
_VOLUME_TYPE = {"type": "object", "properties": {
    "volume_type": {"type": ["string", "null"], "minLength": 0, "maxLength": 255}}}


def check_hostname(body, version):
    """400 unless `body`'s hostname (if any) has the form `version` allows."""
    if "hostname" in body:
        schemas.validate({"hostname": body["hostname"]},
                         _HOSTNAME["fqdn" if version >= (2, 94) else "label"])


def create_fields(body, context, version):
    """Instance fields from a create body's 2.63+ parameters (already checked against
    INTRODUCED). The requested destination is for admins (403) and must exist (400)."""
    check_hostname(body, version)
    _check_mappings(body, version)
    fields = {}
    if body.get("trusted_image_certificates"):
        fields["trusted_image_certificates"] = list(body["trusted_image_certificates"])
    if body.get("hostname"):
        fields["hostname"] = body["hostname"]
    host, node = body.get("host"), body.get("hypervisor_hostname")
    if host or node:
        policy.require_admin(context, DESTINATION_RULE)
        _check_destination(host, node)
        fields.update(requested_host=host or "", requested_node=node or "")
    return fields


def _check_mappings(body, version):
    for mapping in body.get("block_device_mapping_v2") or []:
        if "volume_type" not in mapping:
            continue
        if version < (2, 67):
            raise BadRequest("Invalid input for field/attribute block_device_mapping_v2. "
                             "Additional properties are not allowed ('volume_type' was "
                             "unexpected)")
        schemas.validate(mapping, _VOLUME_TYPE)


def _check_destination(host, node):
    """Nova's existence check of a requested host and/or node (its hypervisor hostname,
    here the host name when it reports none), as the scheduler will resolve them."""
    if not resolve_destination(host or "", node or "")["destination_ids"]:
        raise BadRequest(f"Compute host {host or node} could not be found.")
