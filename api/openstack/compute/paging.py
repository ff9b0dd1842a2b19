"""Limit/marker paging of compute collections, their "next" links and changes-since /
changes-before windows, as Nova pages hypervisors, instance actions and migrations."""
from datetime import UTC

from django.utils.dateparse import parse_datetime

from api.catalog import base_url
from api.errors import BadRequest

MAX_LIMIT = 1000


def limit_and_marker(request):
    """(limit, marker) from the query: limit an integer ≥ 0 (at most MAX_LIMIT), else 400."""
    value = request.GET.get("limit")
    limit = MAX_LIMIT
    if value is not None:
        try:
            limit = int(value)
        except ValueError:
            raise BadRequest("limit param must be an integer")
        if limit < 0:
            raise BadRequest("limit param must be positive")
    return min(limit, MAX_LIMIT), request.GET.get("marker")


def page(items, key, limit, marker):
    """The `limit` items after the one whose `key` is `marker`; an unknown marker is 400."""
    start = 0
    if marker is not None:
        keys = [str(key(item)) for item in items]
        if marker not in keys:
            raise BadRequest(f"marker [{marker}] not found")
        start = keys.index(marker) + 1
    return items[start:start + limit]


def next_links(request, collection, shown, last_id):
    """Nova's collection links: a "next" link when the page is full — `shown` items equal
    the limit asked for, or MAX_LIMIT when none was — else []. `collection` is the path
    under /compute/v2.1."""
    try:
        limit = min(int(request.GET.get("limit", MAX_LIMIT)), MAX_LIMIT)
    except ValueError:
        limit = 0
    if not limit or limit != shown:
        return []
    query = request.GET.copy()
    query["marker"] = str(last_id)
    href = f"{base_url(request)}/compute/v2.1/{collection}?{query.urlencode()}"
    return [{"rel": "next", "href": href}]


def _when(query, name):
    """A date-time query value (None when absent), else 400; naive means UTC."""
    if name not in query:
        return None
    try:
        value = parse_datetime(query[name])
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(f"Invalid input for query parameters {name}. Value: "
                         f"{query[name]}. It is not a valid date-time.")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def changes_window(query):
    """(changes-since, changes-before) of a validated query, each None when absent; 400
    when before < since."""
    since, before = _when(query, "changes-since"), _when(query, "changes-before")
    if since and before and before < since:
        raise BadRequest("The value of changes-since must be less than or equal to "
                         "changes-before.")
    return since, before
