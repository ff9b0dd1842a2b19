"""GET /os-migrations (admin): resize and migration records. None exist until instances can
move, so the list is empty; its filters and paging are validated as Nova validates them."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest
from api.openstack.compute import paging
from api.openstack.compute.routing import V21
from api.views import AdminView, ok

_date_time = {"type": "string", "format": "date-time"}
_v20 = {name: {"type": "string"} for name in
        ("hidden", "host", "instance_uuid", "source_compute", "status", "migration_type")}
_v259 = {**_v20, "limit": schemas.non_negative_int, "marker": {"type": "string"},
         "changes-since": _date_time}
_v266 = {**_v259, "changes-before": _date_time}
_v280 = {**_v266, "user_id": {"type": "string"}, "project_id": {"type": "string"}}


def _query_schema(version):
    if version < (2, 59):
        return {"type": "object", "properties": _v20}  # more keys are ignored, as Nova does
    properties = _v280 if version >= (2, 80) else _v266 if version >= (2, 66) else _v259
    return {"type": "object", "properties": properties, "additionalProperties": False}


def migrations_matching(query):
    """The migration records a validated query selects: none can exist yet."""
    return []


class MigrationList(AdminView):
    def policy_name(self):
        return "os_compute_api:os-migrations:index"

    def get(self, request):
        query = schemas.validate({key: request.GET[key] for key in request.GET},
                                 _query_schema(self.version))
        found = migrations_matching(query)
        if self.version >= (2, 59):
            paging.changes_window(query)
            limit, marker = paging.limit_and_marker(request)
            if marker is not None and marker not in [m["uuid"] for m in found]:
                raise BadRequest(f"Marker {marker} could not be found.")
            found = paging.page(found, lambda m: m["uuid"], limit, marker)
        return ok({"migrations": found})


routes = [re_path(rf"{V21}/os-migrations/?$", MigrationList.as_view())]
