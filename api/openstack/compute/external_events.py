"""POST /os-server-external-events (admin): other services report events about servers;
200 when every event was taken, else 207 with a code per event (no 404 for unknown servers:
Nova dropped that in its fix of bug 1855752)."""
from django.urls import re_path

from api import schemas
from api.openstack.compute.routing import V21
from api.views import AdminView, ok
from compute import external_events, states
from compute.models import Instance

# The event names each microversion accepts
_NAMES = ((None, ["network-changed", "network-vif-plugged", "network-vif-unplugged",
                  "network-vif-deleted"]),
          ((2, 51), ["volume-extended"]), ((2, 76), ["power-update"]),
          ((2, 82), ["accelerator-request-bound"]), ((2, 93), ["volume-reimaged"]))


def names(version):
    return [name for since, group in _NAMES if since is None or version >= since
            for name in group]


def create_schema(version):
    event = {"type": "object", "required": ["name", "server_uuid"],
             "additionalProperties": False, "properties": {
                 "name": {"type": "string", "enum": names(version)},
                 "server_uuid": {"type": "string", "format": "uuid"},
                 "status": {"type": "string", "enum": ["failed", "completed", "in-progress"]},
                 "tag": {"type": "string", "maxLength": 255}}}
    return {"type": "object", "required": ["events"], "additionalProperties": False,
            "properties": {"events": {"type": "array", "minItems": 1, "items": event}}}


class ServerExternalEvents(AdminView):
    request_schemas = {"post": create_schema}

    def policy_name(self):
        return "os_compute_api:os-server-external-events:create"

    def post(self, request):
        body = schemas.validate(request.data, create_schema(self.version))
        uuids = {event["server_uuid"] for event in body["events"]}
        found = {i.uuid: i for i in Instance.objects.select_related("host").filter(
            uuid__in=uuids).exclude(vm_state=states.DELETED)}
        answers = [self._take(dict(event), found) for event in body["events"]]
        status = 200 if all(a["code"] == 200 for a in answers) else 207
        return ok({"events": answers}, status=status)

    def _take(self, event, found):
        instance = found.get(event["server_uuid"])
        try:
            external_events.check(instance, event["name"], event.get("tag"))
        except external_events.Undeliverable as exc:
            return {**event, "status": "failed", "code": exc.code}
        external_events.deliver(instance, event["name"], event.get("tag"),
                                self.request.request_id, self.context.user_id)
        return {**event, "status": "completed", "code": 200}


routes = [re_path(rf"{V21}/os-server-external-events/?$", ServerExternalEvents.as_view())]
