"""Compute API microversions: parse the request headers, negotiate, echo in the response."""
import re

from api.errors import BadRequest, NotAcceptable

MIN_VERSION = (2, 1)
MAX_VERSION = (2, 100)
_FORMAT = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")


def render(version):
    return f"{version[0]}.{version[1]}"


def parse(value):
    """'2.53' → (2, 53); 'latest' → the maximum; anything else → 400."""
    value = value.strip()
    if value.lower() == "latest":
        return MAX_VERSION
    match = _FORMAT.match(value)
    if not match:
        raise BadRequest(f"API Version String {value} is of invalid format. Must be of format "
                         "MajorNum.MinorNum.")
    return int(match.group(1)), int(match.group(2))


def requested(meta):
    """The version a request asks for (OpenStack-API-Version wins), the minimum if none;
    406 outside [MIN, MAX], as Nova."""
    value = None
    header = meta.get("HTTP_OPENSTACK_API_VERSION", "")
    for item in header.split(","):
        service, _, version = item.strip().partition(" ")
        if service.lower() == "compute" and version:
            value = version
    value = value or meta.get("HTTP_X_OPENSTACK_NOVA_API_VERSION")
    if not value:
        return MIN_VERSION
    version = parse(value)
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise NotAcceptable(f"Version {render(version)} is not supported by the API. Minimum "
                            f"is {render(MIN_VERSION)} and maximum is {render(MAX_VERSION)}.")
    return version


def set_headers(response, version):
    text = render(version)
    response["OpenStack-API-Version"] = f"compute {text}"
    response["X-OpenStack-Nova-API-Version"] = text
    response["Vary"] = "OpenStack-API-Version, X-OpenStack-Nova-API-Version"
