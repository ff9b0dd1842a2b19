"""Glance's image list: filters, sorting and limit/marker paging over what a caller sees."""
from datetime import UTC

from django.utils.dateparse import parse_datetime

from api.errors import BadRequest
from api.openstack.image.image_schemas import VISIBILITIES
from compute import images

NOT_FILTERS = {"limit", "marker", "sort_key", "sort_dir", "sort", "member_status",
               "visibility", "tag"}
IN_FIELDS = ("id", "name", "status", "disk_format", "container_format")
EQUAL_FIELDS = ("owner", "checksum", "os_hash_value", "min_ram", "min_disk", "kernel_id",
                "ramdisk_id")
BOOL_FIELDS = ("protected", "os_hidden")
RANGES = {"size_min": "size__gte", "size_max": "size__lte"}
TIME_OPERATORS = {"gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte", "eq": "exact",
                  "neq": "exact"}
SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id", "created_at",
             "updated_at", "min_ram", "min_disk", "owner", "virtual_size", "visibility",
             "protected", "os_hidden")
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000


def split_operator(expression):
    """'in:a,b' → ('in', 'a,b'); plain values and ISO times → ('eq', value), as Glance."""
    operator, colon, operand = expression.partition(":")
    if not colon or parse_datetime(expression.replace("Z", "+00:00")) is not None:
        return "eq", expression
    return operator, operand


def _values(operand):
    return [v.strip().strip('"') for v in operand.split(",") if v.strip()]


def _in_or_equal(qs, field, expression):
    operator, operand = split_operator(expression)
    if operator == "in":
        return qs.filter(**{f"{field}__in": _values(operand)})
    if operator == "eq":
        return qs.filter(**{field: operand})
    raise BadRequest(f"Unable to filter by unknown operator '{operator}'.")


def _time(qs, field, expression):
    operator, operand = split_operator(expression)
    when = parse_datetime(operand.replace("Z", "+00:00"))
    if when is None:
        raise BadRequest(f'Bad "{field}" query filter format. Use ISO 8601 DateTime notation.')
    if operator not in TIME_OPERATORS:
        raise BadRequest(f"Unable to filter by unknown operator '{operator}'.")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    lookup = {f"{field}__{TIME_OPERATORS[operator]}": when}
    return qs.exclude(**lookup) if operator == "neq" else qs.filter(**lookup)


def _bool(name, value):
    if value.lower() not in ("true", "false"):
        raise BadRequest(f"Invalid value '{value}' for parameter '{name}': expected a "
                         f"boolean.")
    return value.lower() == "true"


def _column_filters(qs, params):
    for name in params:
        value = params[name]
        if name in IN_FIELDS:
            qs = _in_or_equal(qs, name, value)
        elif name in EQUAL_FIELDS:
            if name in ("min_ram", "min_disk") and not value.isdigit():
                raise BadRequest(f"Invalid value '{value}' for parameter '{name}'.")
            qs = qs.filter(**{name: value})
        elif name in BOOL_FIELDS:
            qs = qs.filter(**{name: _bool(name, value)})
        elif name in RANGES:
            if not value.lstrip("-").isdigit():
                raise BadRequest("Unable to filter on a range with a non-numeric value.")
            qs = qs.filter(**{RANGES[name]: int(value)})
        elif name in ("created_at", "updated_at"):
            qs = _time(qs, name, value)
    if "os_hidden" not in params:
        qs = qs.filter(os_hidden=False)
    return qs


def _known(name):
    return (name in NOT_FILTERS or name in IN_FIELDS or name in EQUAL_FIELDS
            or name in BOOL_FIELDS or name in RANGES or name in ("created_at", "updated_at"))


def _matches(properties, tags, params):
    """Extra property filters (any other parameter) and tags (all of them), in Python: JSON
    containment is not portable across databases."""
    wanted_tags = set(params.getlist("tag"))
    if not wanted_tags <= set(tags):
        return False
    return all(properties.get(name) == params[name] for name in params if not _known(name))


def _order(params):
    keys, dirs = params.getlist("sort_key"), params.getlist("sort_dir")
    if params.get("sort"):
        if keys or dirs:
            raise BadRequest("Old and new sorting syntax cannot be combined")
        pairs = [item.strip().partition(":") for item in params["sort"].split(",")]
        keys = [key for key, _, _ in pairs]
        dirs = [direction or "desc" for _, _, direction in pairs]
    keys = keys or ["created_at"]
    if len(dirs) > len(keys):
        raise BadRequest("The number of sort_keys and sort_dirs must be the same")
    order = []
    for index, key in enumerate(keys):
        direction = dirs[index] if index < len(dirs) else (dirs[-1] if dirs else "desc")
        if key not in SORT_KEYS:
            raise BadRequest(f"Invalid sort key: {key}. It must be one of the following: "
                             f"{', '.join(SORT_KEYS)}.")
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid sort direction: {direction}")
        order.append(("-" if direction == "desc" else "") + key)
    return [*order, "-created_at", "-id"]


def _limit(params, default):
    value = params.get("limit")
    if value is None:
        return default
    try:
        limit = int(value)
    except ValueError:
        raise BadRequest("limit param must be an integer") from None
    if limit < 0:
        raise BadRequest("limit param must be positive")
    return min(limit, MAX_LIMIT)


def _visible(params, context):
    visibility = params.get("visibility")
    if visibility is not None and visibility not in (*VISIBILITIES, "all"):
        raise BadRequest(f"Invalid visibility value: {visibility}")
    return images.listed(context.project_id, context.is_admin, visibility)


def page(params, context, default_limit=DEFAULT_LIMIT):
    """(images of this page, marker of the next page or None) for query `params` (a QueryDict);
    default_limit None lists everything."""
    qs = _column_filters(_visible(params, context), params).order_by(*_order(params))
    ids = [image_id for image_id, properties, tags in
           qs.values_list("id", "properties", "tags") if _matches(properties, tags, params)]
    start = 0
    marker = params.get("marker")
    if marker:
        if marker not in ids:
            raise BadRequest(f"Invalid marker. Image {marker} could not be found.")
        start = ids.index(marker) + 1
    limit = _limit(params, default_limit)
    page_ids = ids[start:] if limit is None else ids[start:start + limit]
    by_id = qs.in_bulk(page_ids)
    more = limit is not None and start + limit < len(ids)
    return [by_id[i] for i in page_ids], (page_ids[-1] if more and page_ids else None)
