"""Server list filters, sorting and limit/marker paging, as Nova's GET /servers[/detail]."""
import re

from django.utils.dateparse import parse_datetime

from api.errors import BadRequest
from api.openstack.compute import lookups, server_addresses
from compute import states
from compute.models import Instance

SORT_KEYS = {"created_at": "created_at", "display_name": "display_name",
             "updated_at": "updated_at", "uuid": "uuid", "vm_state": "vm_state",
             "task_state": "task_state", "power_state": "power_state", "host": "host__name",
             "launched_at": "launched_at", "availability_zone": "availability_zone",
             "project_id": "project_id", "user_id": "user_id", "key_name": "key_name",
             "instance_type_id": "flavor_id", "image_ref": "image_ref"}
ADMIN_FILTERS = {"host": "host__name", "node": "host__hypervisor_hostname",
                 "vm_state": "vm_state", "task_state": "task_state",
                 "power_state": "power_state", "user_id": "user_id"}
MAX_LIMIT = 1000
TAG_FILTERS = ("tags", "tags-any", "not-tags", "not-tags-any")


def _bool(value):
    return str(value).lower() in ("1", "true", "yes", "on", "")


def _base_queryset(request, context):
    query = request.GET
    all_tenants = "all_tenants" in query and _bool(query["all_tenants"])
    if all_tenants and not context.is_admin:
        all_tenants = False  # Nova ignores it for non-admins (policy: own project only)
    changes_since = query.get("changes-since")
    qs = lookups.servers_for(context, all_tenants)
    if changes_since:
        since = parse_datetime(changes_since)
        if since is None:
            raise BadRequest(f"Invalid filter field: changes-since. Value: {changes_since}")
        # changes-since also returns deleted servers, as Nova does
        base = Instance.objects.select_related("host", "flavor")
        if not (context.is_admin and all_tenants):
            base = base.filter(project_id=context.project_id)
        qs = base.filter(updated_at__gte=since)
    project = query.get("project_id") or query.get("tenant_id")
    if project and context.is_admin:
        qs = qs.filter(project_id=project)
    return qs


def _status(qs, value):
    pairs = states.states_from_status(value.upper())
    if not pairs:
        return qs.none()
    from django.db.models import Q

    condition = Q()
    for vm_state, tasks in pairs:
        if tasks is None:
            condition |= Q(vm_state=vm_state)
        else:
            condition |= Q(vm_state=vm_state, task_state__in=tasks)
    return qs.filter(condition)


def _filter(request, context, qs):
    query = request.GET
    if query.get("name"):
        try:
            re.compile(query["name"])
        except re.error:
            raise BadRequest(f"Invalid regular expression: {query['name']}")
        qs = qs.filter(display_name__regex=query["name"])
    if query.get("status"):
        qs = _status(qs, query["status"])
    if query.get("image"):
        qs = qs.filter(image_ref=lookups.ref_id(query["image"]))
    if query.get("flavor"):
        qs = qs.filter(flavor__flavorid=lookups.ref_id(query["flavor"]))
    if query.get("availability_zone"):
        qs = qs.filter(availability_zone=query["availability_zone"])
    if query.get("reservation_id"):
        qs = qs.filter(reservation_id=query["reservation_id"])
    if query.get("locked") is not None and "locked" in query:
        qs = qs.filter(locked=_bool(query["locked"]))
    qs = server_addresses.filter_by_ip(qs, query)
    if context.is_admin:
        for key, field in ADMIN_FILTERS.items():
            if query.get(key):
                qs = qs.filter(**{field: query[key]})
    return _tags(request, qs)


def _tags(request, qs):
    """The 2.26 tag filters (comma-separated lists). JSON containment differs between
    databases, so the tags are matched here."""
    wanted = {key: set(request.GET[key].split(",")) for key in TAG_FILTERS
              if request.GET.get(key)}
    if not wanted or getattr(request, "api_version", (2, 1)) < (2, 26):
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


def _sort(request, qs):
    keys = request.GET.getlist("sort_key") or ["created_at"]
    dirs = request.GET.getlist("sort_dir") or ["desc"]
    order = []
    for index, key in enumerate(keys):
        if key not in SORT_KEYS:
            raise BadRequest(f"Invalid sort_key: {key}")
        direction = dirs[min(index, len(dirs) - 1)]
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid sort_dir: {direction}")
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
    qs = _filter(request, context, _base_queryset(request, context))
    qs, _ = _sort(request, qs)
    limit = _limit(request)
    ids = list(qs.values_list("uuid", flat=True))
    marker = request.GET.get("marker")
    start = 0
    if marker:
        if marker not in ids:
            raise BadRequest(f"marker [{marker}] not found")
        start = ids.index(marker) + 1
    page_ids = ids[start:start + limit]
    by_uuid = {i.uuid: i for i in qs.filter(uuid__in=page_ids)}
    page = [by_uuid[u] for u in page_ids]
    more = start + limit < len(ids)
    return page, (page_ids[-1] if more and page_ids else None)
