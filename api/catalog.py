"""The service catalog: which services this deployment implements and where they answer."""
from django.conf import settings

# (type, name, path) of every implemented service; only real ones are listed.
SERVICES = [
    ("identity", "keystone", "/identity"),
    ("compute", "nova", "/compute/v2.1"),
    ("image", "glance", "/image"),
    ("network", "neutron", "/network"),
]


def base_url(request):
    """PUBLIC_ENDPOINT when set (behind a proxy), else the address the client used."""
    cached = getattr(request, "_cloudproject_base_url", None)
    if cached is None:  # computed once per request: a list renders it for every item
        endpoint = settings.PUBLIC_ENDPOINT
        cached = endpoint.rstrip("/") if endpoint else f"{request.scheme}://{request.get_host()}"
        request._cloudproject_base_url = cached
    return cached


def catalog(request):
    """Keystone's catalog: every service with public/internal/admin endpoints."""
    base = base_url(request)
    region = settings.REGION_NAME
    entries = []
    for index, (kind, name, path) in enumerate(SERVICES):
        endpoints = [{"id": f"{index:02d}{interface[:3]}", "interface": interface,
                      "region_id": region, "region": region, "url": base + path}
                     for interface in ("public", "internal", "admin")]
        entries.append({"id": f"svc-{kind}", "type": kind, "name": name,
                        "endpoints": endpoints})
    return entries
