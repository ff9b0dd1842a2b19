"""Self and bookmark links in Nova's shape."""
from api.catalog import base_url


def links(request, collection, item_id):
    base = base_url(request)
    return [{"rel": "self", "href": f"{base}/compute/v2.1/{collection}/{item_id}"},
            {"rel": "bookmark", "href": f"{base}/compute/{collection}/{item_id}"}]


def isotime(dt):
    """Nova's API timestamps: 2012-08-20T21:11:09Z."""
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def usage_time(dt):
    """OS-SRV-USG timestamps: 2013-09-23T13:53:12.000000 (no zone)."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%f") if dt else None
