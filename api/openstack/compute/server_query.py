"""GET /servers[/detail] query parameters as Nova's index schema knows them at each
microversion (an unknown one is ignored below 2.75 and a 400 from it), the filters a
non-admin may use (Nova drops the others for them) and the valid sort keys."""
from api.errors import BadRequest, Forbidden
from api.openstack.compute import query as strictness

# Known at every microversion (Nova's index_query, with paging).
BASE = (
    "user_id project_id tenant_id launch_index image_ref image kernel_id ramdisk_id hostname "
    "key_name power_state vm_state task_state host node flavor reservation_id launched_at "
    "terminated_at availability_zone name display_name description display_description "
    "locked_by uuid root_device_name config_drive access_ip_v4 access_ip_v6 "
    "auto_disk_config progress sort_key sort_dir all_tenants soft_deleted deleted status "
    "changes-since ip ip6 created_at limit marker").split()
# Joined-table names: known to the schema only so as to be refused (400) at any version.
JOINED = ("block_device_mapping", "services", "metadata", "system_metadata", "info_cache",
          "security_groups", "pci_devices")
TAGS = ("tags", "tags-any", "not-tags", "not-tags-any")
# parameter → the microversion that made it known
INTRODUCED = {**{name: (2, 26) for name in TAGS}, "changes-before": (2, 66),
              "locked": (2, 73)}

# Filters a non-admin may use, by the microversion that allowed each.
MEMBER_FILTERS = [
    ((2, 1), ("reservation_id", "name", "status", "image", "flavor", "ip", "changes-since",
              "all_tenants")),
    ((2, 5), ("ip6",)), ((2, 26), TAGS), ((2, 66), ("changes-before",)),
    ((2, 73), ("locked",)),
    ((2, 83), ("availability_zone", "config_drive", "key_name", "created_at", "launched_at",
               "terminated_at", "power_state", "task_state", "vm_state", "progress",
               "user_id")),
    ((2, 90), ("hostname",)),
]
NOT_FILTERS = ("sort_key", "sort_dir", "limit", "marker")

SORT_KEYS = (
    "access_ip_v4 access_ip_v6 auto_disk_config availability_zone config_drive created_at "
    "display_description display_name host hostname image_ref instance_type_id kernel_id "
    "key_name launch_index launched_at locked_by node power_state progress project_id "
    "ramdisk_id root_device_name task_state terminated_at updated_at user_id uuid "
    "vm_state").split()
# Sort keys Nova accepts but ignores (below 2.75; from 2.75 they are refused).
IGNORED_SORT_KEYS = (
    "architecture cell_name cleaned default_ephemeral_device default_swap_device deleted "
    "deleted_at disable_terminate ephemeral_gb ephemeral_key_uuid id key_data launched_on "
    "locked memory_mb os_type reservation_id root_gb shutdown_terminate user_data vcpus "
    "vm_mode").split()
ADMIN_SORT_KEYS = ("host", "node")


def _schema(version):
    known = [*BASE, *JOINED, *(name for name, since in INTRODUCED.items() if version >= since)]
    return strictness.QuerySchema({name: strictness.TEXT for name in known})


_SCHEMAS = {}


def _schema_for(version):
    key = tuple(name for name, since in INTRODUCED.items() if version >= since)
    if key not in _SCHEMAS:
        _SCHEMAS[key] = _schema(version)
    return _SCHEMAS[key]


def honoured(request, context, version):
    """The query parameters to apply, as {name: value}: validated at `version`, the unknown
    ones (below 2.75) and, for non-admins, the filters they may not use left out."""
    query = _schema_for(version).validate(request, version)
    for name in query:
        if name in JOINED or name.startswith("_"):
            raise BadRequest(f"Invalid filter field: {name}.")
    known = set(BASE) | {name for name, since in INTRODUCED.items() if version >= since}
    allowed = known if context.is_admin else member_filters(version) | set(NOT_FILTERS)
    return {name: value for name, value in query.items() if name in allowed}


def member_filters(version):
    return {name for since, names in MEMBER_FILTERS if version >= since for name in names}


def sort_keys(request, context, version):
    """[(sort key, direction)] to order by: each key checked against the valid ones at
    `version`; keys Nova ignores are dropped below 2.75; host and node are for admins."""
    keys, dirs = request.GET.getlist("sort_key"), request.GET.getlist("sort_dir")
    valid = set(SORT_KEYS) | ({"locked"} if version >= (2, 73) else set())
    ignored = set(IGNORED_SORT_KEYS) - valid if version < (2, 75) else set()
    pairs = []
    for index, key in enumerate(keys):
        if key not in valid | ignored:
            raise BadRequest(f"Invalid input for query parameters sort_key. Value: {key}. "
                             f"'{key}' is not one of {sorted(valid)}")
        direction = dirs[index] if index < len(dirs) else (dirs[0] if dirs else "desc")
        if key in ignored:
            continue
        if key in ADMIN_SORT_KEYS and not context.is_admin:
            raise Forbidden(f"Only administrators can sort servers by {key}")
        pairs.append((key, direction))
    return pairs
