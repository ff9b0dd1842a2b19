"""/servers/{id}/os-instance-actions[/{request_id}]: the recorded operations on a server and
their steps, per microversion (deleted servers from 2.21, events for owners from 2.51,
paging and updated_at from 2.58, hostId from 2.62, details from 2.84)."""
import hashlib

from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute import lookups, paging
from api.openstack.compute.links import usage_time
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok

_date_time = {"type": "string", "format": "date-time"}
QUERY_V258 = {"type": "object", "additionalProperties": False, "properties": {
    "limit": schemas.non_negative_int, "marker": {"type": "string"},
    "changes-since": _date_time}}
QUERY_V266 = {**QUERY_V258, "properties": {**QUERY_V258["properties"],
                                           "changes-before": _date_time}}


def _host_id(host, project_id):
    """Nova's obfuscated host id (utils.generate_hostid)."""
    return hashlib.sha224((project_id + host).encode()).hexdigest() if host else ""


def _updated_at(action):
    """When the action or one of its events last changed (Nova bumps it on every event)."""
    times = [action.start_time, action.finish_time]
    for event in action.events.all():
        times += [event.start_time, event.finish_time]
    return max(t for t in times if t is not None)


def render(action, version):
    body = {"action": action.action, "instance_uuid": action.instance_id,
            "request_id": action.request_id, "user_id": action.user_id or None,
            "project_id": action.project_id or None,
            "start_time": usage_time(action.start_time), "message": action.message or None}
    if version >= (2, 58):
        body["updated_at"] = usage_time(_updated_at(action))
    return body


def render_event(event, project_id, version, is_admin):
    body = {"event": event.event, "start_time": usage_time(event.start_time),
            "finish_time": usage_time(event.finish_time), "result": event.result or None}
    if is_admin:
        body["traceback"] = event.traceback or None
        if version >= (2, 62):
            body["host"] = event.host
        if version >= (2, 84):
            body["details"] = event.details or None
    if version >= (2, 62):
        body["hostId"] = _host_id(event.host, project_id)
    return body


def _since_and_before(request, version):
    """Filters of 2.58+ (changes-before: 2.66+), validated as Nova's query schema does."""
    query = schemas.validate({key: request.GET[key] for key in request.GET},
                             QUERY_V266 if version >= (2, 66) else QUERY_V258)
    return paging.changes_window(query)


class InstanceActions(OpenStackView):
    """GET /servers/{id}/os-instance-actions: newest first."""

    def get(self, request, server_id):
        version = self.version
        instance = lookups.server(self.context, server_id, include_deleted=version >= (2, 21))
        actions = list(instance.actions.prefetch_related("events"))
        if version < (2, 58):
            return ok({"instanceActions": [render(a, version) for a in actions]})
        since, before = _since_and_before(request, version)
        actions = [a for a in actions if (since is None or _updated_at(a) >= since)
                   and (before is None or _updated_at(a) <= before)]
        limit, marker = paging.limit_and_marker(request)
        if marker is not None and marker not in [a.request_id for a in actions]:
            raise BadRequest(f"Marker {marker} could not be found.")
        shown = paging.page(actions, lambda a: a.request_id, limit, marker)
        body = {"instanceActions": [render(a, version) for a in shown]}
        links = paging.next_links(request, f"servers/{server_id}/os-instance-actions",
                                  len(shown), shown[-1].request_id if shown else None)
        if links:
            body["links"] = links
        return ok(body)


class InstanceAction(OpenStackView):
    """GET /servers/{id}/os-instance-actions/{request_id}, with its events when the caller
    may see them (admins always; owners from 2.51, without tracebacks)."""

    def get(self, request, server_id, request_id):
        version, context = self.version, self.context
        instance = lookups.server(context, server_id, include_deleted=version >= (2, 21))
        action = (instance.actions.prefetch_related("events").filter(request_id=request_id)
                  .first())
        if action is None:
            raise NotFound(f"Action {request_id} not found")
        body = render(action, version)
        if context.is_admin or version >= (2, 51):
            project_id = action.project_id or instance.project_id
            body["events"] = [render_event(e, project_id, version, context.is_admin)
                              for e in action.events.all()]
        return ok({"instanceAction": body})


_ID = r"(?P<server_id>[^/]+)"
routes = [
    re_path(rf"{V21}/servers/{_ID}/os-instance-actions/?$", InstanceActions.as_view()),
    re_path(rf"{V21}/servers/{_ID}/os-instance-actions/(?P<request_id>[^/]+)/?$",
            InstanceAction.as_view()),
]
