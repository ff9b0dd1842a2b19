"""The OpenAPI 3.1 document of the API, generated from the URL conf and the views.

Every route under /identity, /compute, /image and /network is a path; every
get/post/put/patch/delete/head its view class defines is an operation, except a method whose
whole body is one `raise` (it exists to refuse, e.g. POST /servers/detail). Read off the code:
path parameters (the route's named groups), success statuses (api.openapi_statuses), the
Idempotency-Key header (methods wrapped by api.idempotency.idempotent), the token requirement
(none on PublicView). Declared by a view, as class attributes, where the code cannot tell:
    request_schemas = {"post": CREATE}    the JSON schema of the body, or a function of the
                                          microversion (each distinct shape is listed)
    request_media_types = {"put": (...)}  a body that is not JSON
    public_methods = ("post",)            methods that need no token
    responses = {"put": (501,)}           statuses beyond the ones read off the source
"""
import functools
import inspect
import re
import sys

from django.urls import URLResolver, get_resolver
from django.utils.regex_helper import normalize

from api import microversions, openapi_statuses
from api.openstack.identity.views import IdentityView
from api.openstack.network.base import NeutronView
from api.views import PublicView

SERVICES = ("identity", "compute", "image", "network")
METHODS = ("get", "post", "put", "patch", "delete", "head")
ERRORS = {400: "Bad request", 401: "No valid token", 403: "Forbidden by policy or quota",
          404: "Not found", 409: "Conflicts with the resource's state",
          413: "Over a limit"}
MORE_ERRORS = {406: "Microversion not supported", 410: "Gone",
               415: "Unsupported media type", 501: "Not implemented by this cloud"}
_GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()\\]|\\.)*)\)")
_FAULT = {"type": "object", "required": ["code", "message"],
          "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}
COMPONENTS = {
    "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token",
                                  "description": "A token from POST /identity/v3/auth/tokens "
                                                 "(its X-Subject-Token header)."}},
    "schemas": {
        "Fault": {"description": 'Nova\'s error body: {"<faultName>": {"code", "message"}}.',
                  "type": "object", "minProperties": 1, "maxProperties": 1,
                  "additionalProperties": _FAULT},
        "NeutronError": {"description": "Neutron's error body.", "type": "object",
                         "required": ["NeutronError"], "properties": {"NeutronError": {
                             "type": "object", "required": ["type", "message", "detail"],
                             "properties": {"type": {"type": "string"},
                                            "message": {"type": "string"},
                                            "detail": {"type": "string"}}}}},
        "IdentityError": {"description": "Keystone's error body.", "type": "object",
                          "required": ["error"], "properties": {"error": {
                              **_FAULT, "required": ["code", "message", "title"],
                              "properties": {**_FAULT["properties"],
                                             "title": {"type": "string"}}}}},
    },
}


def routes(patterns=None, prefix=""):
    """(regex from the root, view class) of every endpoint of the URL conf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^")
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, regex)
        elif getattr(entry.callback, "view_class", None) is not None:
            yield regex, entry.callback.view_class


def template(regex):
    """'compute/v2\\.1/servers/(?P<server_id>[^/]+)/?$' → ('/compute/v2.1/servers/{server_id}',
    {'server_id': '[^/]+'}): the shortest path the regex matches (no optional slash)."""
    text, names = normalize(regex)[0]
    path = "/" + text % {name: f"{{{name}}}" for name in names}
    return path, dict(_GROUP.findall(regex))


def _versions():
    return [(2, minor) for minor in range(microversions.MIN_VERSION[1],
                                          microversions.MAX_VERSION[1] + 1)]


def json_schema(schema):
    """A request schema; a function of the microversion becomes anyOf its distinct shapes."""
    if not callable(schema):
        return schema
    shapes = []  # [first version, last version, shape]
    for version in _versions():
        shape = schema(version)
        if shapes and shapes[-1][2] == shape:
            shapes[-1][1] = version
        else:
            shapes.append([version, version, shape])
    if len(shapes) == 1:
        return shapes[0][2]
    return {"anyOf": [{**shape, "description": _span(first, last)}
                      for first, last, shape in shapes]}


def _span(first, last):
    if first == last:
        return f"microversion {microversions.render(first)}"
    return f"microversions {microversions.render(first)} to {microversions.render(last)}"


def _parameters():
    """The header parameters operations refer to: the microversion and the Idempotency-Key."""
    values = [microversions.render(v) for v in _versions()] + ["latest"]
    return {
        "OpenStackApiVersion": {
            "name": "OpenStack-API-Version", "in": "header", "required": False,
            "description": "The compute microversion asked for (2.1 when absent), as "
                           "'compute 2.N' or 'compute latest'; items naming other services "
                           "are ignored.",
            "schema": {"type": "string", "examples": [f"compute {values[-2]}", "compute 2.1"]}},
        "NovaApiVersion": {
            "name": "X-OpenStack-Nova-API-Version", "in": "header", "required": False,
            "description": "The older spelling of OpenStack-API-Version (which wins when it "
                           "names a compute version).",
            "schema": {"type": "string", "enum": values}},
        "IdempotencyKey": {
            "name": "Idempotency-Key", "in": "header", "required": False,
            "description": "A retry with the same key gets the first response back.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255}},
    }


def _ref(kind, name):
    return {"$ref": f"#/components/{kind}/{name}"}


def _is_public(view, method):
    return issubclass(view, PublicView) or method in getattr(view, "public_methods", ())


def _summary(view, handler, method, path):
    doc = handler.__doc__ or view.__doc__ or f"{method.upper()} {path}"
    return inspect.cleandoc(doc).splitlines()[0]


def _error(code, view):
    name = ("IdentityError" if issubclass(view, IdentityView)
            else "NeutronError" if issubclass(view, NeutronView) else "Fault")
    return {"description": ERRORS.get(code) or MORE_ERRORS[code],
            "content": {"application/json": {"schema": _ref("schemas", name)}}}


def _responses(view, method, handler, service):
    """Read-off and declared successes; the standard errors (none on discovery documents,
    the microversion ones on every compute operation)."""
    declared = set(getattr(view, "responses", {}).get(method, ()))
    codes = openapi_statuses.success_codes(handler) | {c for c in declared if c < 400}
    errors = set() if issubclass(view, PublicView) else set(ERRORS)
    errors |= {c for c in declared if c >= 400} | ({400, 406} if service == "compute" else set())
    answers = {str(code): {"description": "Success"} for code in sorted(codes)}
    answers.update({str(code): _error(code, view) for code in sorted(errors)})
    return answers


def _request_body(view, method):
    media_types = getattr(view, "request_media_types", {}).get(method)
    if media_types:
        return {"required": True, "content": {media_type: {} for media_type in media_types}}
    schema = getattr(view, "request_schemas", {}).get(method)
    if schema is None:
        return None
    return {"required": True, "content": {"application/json": {"schema": json_schema(schema)}}}


def tag(view):
    service, resource = view.__module__.split(".")[-2:]
    return f"{service} {resource.replace('_', ' ')}"


def operation(view, method, path, service, operation_id):
    """The OpenAPI operation of `view.<method>` served at `path`."""
    handler = getattr(view, method)
    parameters = []
    if service == "compute":
        parameters += [_ref("parameters", "OpenStackApiVersion"),
                       _ref("parameters", "NovaApiVersion")]
    if getattr(handler, "idempotent", False):
        parameters.append(_ref("parameters", "IdempotencyKey"))
    found = {"operationId": operation_id, "summary": _summary(view, handler, method, path),
             "tags": [tag(view)], "parameters": parameters,
             "security": [] if _is_public(view, method) else [{"token": []}],
             "responses": _responses(view, method, handler, service)}
    body = _request_body(view, method)
    if body:
        found["requestBody"] = body
    return found


def _operation_ids(endpoints):
    """ViewClass_method, qualified by the service where two classes share a name; a class
    served at a second path gets a count."""
    names = {}
    for _, view, _ in endpoints:
        names.setdefault(view.__name__, set()).add(view)
    taken = set()

    def operation_id(view, method, service):
        found = f"{view.__name__}_{method}"
        if len(names[view.__name__]) > 1:
            found = f"{service}_{found}"
        count, candidate = 1, found
        while candidate in taken:
            count += 1
            candidate = f"{found}_{count}"
        taken.add(candidate)
        return candidate

    return operation_id


def _anchored(pattern):
    return f"^(?:{pattern})$" if "|" in pattern else f"^{pattern}$"


def _path_item(path, groups, view, service, operation_id):
    item = {"parameters": [{"name": name, "in": "path", "required": True,
                            "schema": {"type": "string", "pattern": _anchored(pattern)}}
                           for name, pattern in groups.items()]}
    for method in METHODS:
        handler = getattr(view, method, None)
        if handler is None or openapi_statuses.refuses(handler):
            continue
        item[method] = operation(view, method, path, service,
                                 operation_id(view, method, service))
    return item


def _tags(views):
    found = {}
    for view in views:
        doc = sys.modules[view.__module__].__doc__ or ""
        found.setdefault(tag(view), inspect.cleandoc(doc).split("\n\n")[0].replace("\n", " "))
    return [{"name": name, "description": text} for name, text in sorted(found.items())]


@functools.cache
def document():
    """The whole document (built once per process: the URL conf does not change)."""
    endpoints, seen = [], set()
    for regex, view in routes():
        path, groups = template(regex)
        service = path.split("/")[1]
        if service in SERVICES and path not in seen:  # Django, too, takes the first
            seen.add(path)
            endpoints.append(((path, groups), view, service))
    operation_id = _operation_ids(endpoints)
    paths = {path: _path_item(path, groups, view, service, operation_id)
             for (path, groups), view, service in endpoints}
    low, high = (microversions.render(v) for v in (microversions.MIN_VERSION,
                                                   microversions.MAX_VERSION))
    return {
        "openapi": "3.1.0",
        "info": {"title": "cloudproject API", "version": f"compute {low} to {high}",
                 "description": "Identity v3 (a Keystone subset) under /identity, Compute "
                                f"v2.1 (Nova, microversions {low} to {high}) under /compute, "
                                "Image v2 (a Glance subset) under /image."},
        "tags": _tags(view for _, view, _ in endpoints),
        "paths": paths,
        "components": {**COMPONENTS, "parameters": _parameters()},
    }
