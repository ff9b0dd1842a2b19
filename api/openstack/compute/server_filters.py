"""Server list filters, sorting and limit/marker paging, as Nova's GET /servers[/detail]
(which parameters count at each microversion, and for whom: api.openstack.compute.
server_query)."""
import re

from django.db.models import Q
from django.utils.dateparse import parse_datetime

from api.errors import BadRequest
from api.openstack.compute import lookups, server_addresses, server_query
from compute import states
from compute.models import Flavor, Host, Instance

# Nova's sort keys → our columns (kernel_id, ramdisk_id, root_device_name and progress are
# not columns here: sorting by them keeps the order the other keys give).
SORT_KEYS = {"created_at": "created_at", "display_name": "display_name",
             "updated_at": "updated_at", "uuid": "uuid", "vm_state": "vm_state",
             "task_state": "task_state", "power_state": "power_state", "host": "host__name",
             "launched_at": "launched_at", "availability_zone": "availability_zone",
             "project_id": "project_id", "user_id": "user_id", "key_name": "key_name",
             "instance_type_id": "flavor_id", "image_ref": "image_ref",
             "access_ip_v4": "access_ip_v4", "access_ip_v6": "access_ip_v6",
             "auto_disk_config": "disk_config", "config_drive": "config_drive",
             "display_description": "description", "hostname": "hostname",
             "launch_index": "launch_index", "locked_by": "locked", "locked": "locked",
             "node": "host__hypervisor_hostname", "terminated_at": "terminated_at"}
# Filters Nova matches exactly; the other column filters are regular expressions.
EXACT_FILTERS = {"user_id": "user_id", "vm_state": "vm_state", "task_state": "task_state",
                 "host": "host__name", "uuid": "uuid", "launch_index": "launch_index"}
REGEX_FILTERS = {"name": "display_name", "display_name": "display_name",
                 "description": "description", "display_description": "description",
                 "hostname": "hostname", "key_name": "key_name",
                 "availability_zone": "availability_zone", "config_drive": "config_drive",
                 "node": "host__hypervisor_hostname", "power_state": "power_state",
                 "reservation_id": "reservation_id", "created_at": "created_at",
                 "launched_at": "launched_at", "terminated_at": "terminated_at",
                 "access_ip_v4": "access_ip_v4", "access_ip_v6": "access_ip_v6",
                 "auto_disk_config": "disk_config"}
MAX_LIMIT = 1000
TAG_FILTERS = ("tags", "tags-any", "not-tags", "not-tags-any")


def _bool(value):
    return str(value).lower() in ("1", "true", "yes", "on", "")


def _moment(query, name):
    text = query.get(name)
    if not text:
        return None
    moment = parse_datetime(text)
    if moment is None:
        raise BadRequest(f"Invalid filter field: {name}. Value: {text}")
    return moment


def _base_queryset(query, context):
    all_tenants = "all_tenants" in query and _bool(query["all_tenants"])
    if all_tenants and not context.is_admin:
        all_tenants = False  # Nova ignores it for non-admins (policy: own project only)
    since, before = _moment(query, "changes-since"), _moment(query, "changes-before")
    if since and before and before < since:
        raise BadRequest("The value of changes-since must be less than or equal to "
                         "changes-before.")
    qs = lookups.servers_for(context, all_tenants)
    if since or before:
        # changes-since/-before also return deleted servers, as Nova does
        qs = Instance.objects.select_related("host", "flavor")
        if not (context.is_admin and all_tenants):
            qs = qs.filter(project_id=context.project_id)
        qs = qs.filter(updated_at__gte=since) if since else qs
        qs = qs.filter(updated_at__lte=before) if before else qs
    project = query.get("project_id") or query.get("tenant_id")
    if project and context.is_admin:
        qs = qs.filter(project_id=project)
    return qs


def _status(qs, value):
    pairs = states.states_from_status(value.upper())
    if not pairs:
        return qs.none()
    condition = Q()
    for vm_state, tasks in pairs:
        if tasks is None:
            condition |= Q(vm_state=vm_state)
        else:
            condition |= Q(vm_state=vm_state, task_state__in=tasks)
    return qs.filter(condition)


def _regex(value):
    try:
        re.compile(value)
    except re.error:
        raise BadRequest(f"Invalid regular expression: {value}") from None
    return value


def _filter(query, qs):
    """Apply the honoured filters in `query` (server_query.honoured)."""
    if query.get("status"):
        qs = _status(qs, query["status"])
    image = query.get("image") or query.get("image_ref")
    if image:
        qs = qs.filter(image_ref=lookups.ref_id(image))
    if query.get("flavor"):
        qs = qs.filter(flavor__flavorid=lookups.ref_id(query["flavor"]))
    if "locked" in query:
        qs = qs.filter(locked=_bool(query["locked"]))
    for key, field in EXACT_FILTERS.items():
        if query.get(key):
            qs = qs.filter(**{field: query[key]})
    for key, field in REGEX_FILTERS.items():
        if query.get(key):
            qs = qs.filter(**{f"{field}__regex": _regex(query[key])})
    if query.get("progress"):
        qs = _progress(qs, _regex(query["progress"]))
    qs = server_addresses.filter_by_ip(qs, query)
    return _tags(query, qs)


def _progress(qs, pattern):
    """Nova's progress column, as servers show it: 100 once active, else 0."""
    matches = {value for value in (0, 100) if re.search(pattern, str(value))}
    if matches == {0, 100}:
        return qs
    if not matches:
        return qs.none()
    active = Q(vm_state=states.ACTIVE)
    return qs.filter(active) if 100 in matches else qs.exclude(active)


def _tags(query, qs):
    """The 2.26 tag filters (comma-separated lists). JSON containment differs between
    databases, so the tags are matched here."""
    wanted = {key: set(query[key].split(",")) for key in TAG_FILTERS if query.get(key)}
    if not wanted:
        return qs
    keep = [uuid for uuid, tags in qs.values_list("uuid", "tags")
            if _tags_match(set(tags), wanted)]
    return qs.filter(uuid__in=keep)


def _tags_match(tags, wanted):
    """tags: has all; tags-any: has one; not-tags: lacks one; not-tags-any: has none."""
    if not wanted.get("tags", set()) <= tags:
        return False
    if "tags-any" in wanted and not wanted["tags-any"] & tags:
        return False
    if "not-tags" in wanted and wanted["not-tags"] <= tags:
        return False
    return not wanted.get("not-tags-any", set()) & tags


def _sort(request, context, qs, version):
    pairs = server_query.sort_keys(request, context, version) or [("created_at", "desc")]
    order = []
    for key, direction in pairs:
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid sort_dir: {direction}")
        if key in SORT_KEYS:
            order.append(("-" if direction == "desc" else "") + SORT_KEYS[key])
    order.append("-id")
    return qs.order_by(*order), order


def _limit(request):
    value = request.GET.get("limit")
    if value is None:
        return MAX_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise BadRequest(f"limit param must be an integer: {value}")
    if limit < 0:
        raise BadRequest("limit param must be positive")
    return min(limit, MAX_LIMIT)


def filter_and_page(request, context):
    """(instances of this page, marker of the next page or None)."""
    version = getattr(request, "api_version", (2, 1))
    query = server_query.honoured(request, context, version)
    qs = _filter(query, _base_queryset(query, context))
    qs, _ = _sort(request, context, qs, version)
    limit = _limit(request)
    rows = qs.select_related(None).defer(*_NOT_SHOWN)
    marker = request.GET.get("marker")
    if not marker:  # the first page: one query, the row after it tells if there is more
        page = list(rows[:limit + 1])
        more = len(page) > limit
        return _with_hosts_and_flavors(page[:limit]), (page[limit - 1].uuid if more and limit
                                                         else None)
    ids = list(qs.values_list("uuid", flat=True))
    if marker not in ids:
        raise BadRequest(f"marker [{marker}] not found")
    start = ids.index(marker) + 1
    page_ids = ids[start:start + limit]
    by_uuid = {i.uuid: i for i in rows.filter(uuid__in=page_ids)}
    page = [by_uuid[u] for u in page_ids]
    more = start + limit < len(ids)
    return _with_hosts_and_flavors(page), (page_ids[-1] if more and page_ids else None)


# Columns no server document shows (a list would read and convert them for every row).
_NOT_SHOWN = ("console_tail", "key_data", "encrypted_password", "tried_hosts")


def _with_hosts_and_flavors(page):
    """The page with its hosts and flavors read once each and shared by their servers (a
    list of hundreds of servers has a few of each; a join would build one per server)."""
    hosts = Host.objects.in_bulk({i.host_id for i in page if i.host_id})
    flavors = Flavor.objects.in_bulk({i.flavor_id for i in page if i.flavor_id})
    for instance in page:
        Instance.host.field.set_cached_value(instance, hosts.get(instance.host_id))
        Instance.flavor.field.set_cached_value(instance, flavors.get(instance.flavor_id))
    return page
