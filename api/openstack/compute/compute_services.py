"""/os-services (admin only): each compute host as Nova's "nova-compute" service, and the
nova-scheduler and nova-conductor records scheduler workers keep (compute.control_services):
list; enable/disable/force down of compute services (by action name before 2.53, by service
UUID from 2.53); delete of either kind."""
import uuid as uuidlib

from django.db import transaction
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute.links import usage_time
from api.openstack.compute.routing import V21
from api.views import AdminView, ok
from compute import control_services, hosts
from compute.models import Host
from compute.service_models import CONTROL_ID_BASE, INTERNAL_ZONE, ControlService

BINARY = "nova-compute"
_reason = {"type": "string", "minLength": 1, "maxLength": 255}
_host_binary = {"host": {"type": "string", "minLength": 1, "maxLength": 255,
                         "pattern": r"^[a-zA-Z0-9-._]*$"},
                "binary": {"type": "string", "minLength": 1, "maxLength": 255},
                "disabled_reason": _reason}
UPDATE = {"type": "object", "properties": _host_binary, "required": ["host", "binary"],
          "additionalProperties": False}
UPDATE_V211 = {**UPDATE, "properties": {**_host_binary, "forced_down": schemas.boolean}}
UPDATE_V253 = {"type": "object", "additionalProperties": False, "properties": {
    "status": {"type": "string", "enum": ["enabled", "disabled"]},
    "disabled_reason": _reason, "forced_down": schemas.boolean}}
LIST_QUERY_V275 = {"type": "object", "additionalProperties": False,
                   "properties": {"host": {"type": "string"}, "binary": {"type": "string"}}}


def render(host, version):
    """One service in Nova's shape at `version`."""
    body = {"id": host.uuid if version >= (2, 53) else host.pk, "binary": BINARY,
            "host": host.name, "zone": host.availability_zone,
            "status": "enabled" if host.enabled else "disabled",
            "state": "up" if host.is_up else "down",
            "updated_at": usage_time(host.last_heartbeat),
            "disabled_reason": host.disabled_reason or None}
    if version >= (2, 11):
        body["forced_down"] = host.forced_down
    return body


def render_control(service, version):
    """A control service in the same shape: always enabled, never forced down."""
    body = {"id": service.uuid if version >= (2, 53) else service.service_id,
            "binary": service.binary, "host": service.host, "zone": INTERNAL_ZONE,
            "status": "enabled", "state": "up" if service.is_up else "down",
            "updated_at": usage_time(service.last_heartbeat), "disabled_reason": None}
    if version >= (2, 11):
        body["forced_down"] = False
    return body


def _true(value):
    return str(value).lower() in schemas.TRUE_STRINGS


def _compute_only(binary):
    if binary != BINARY:
        raise BadRequest(f"Updating a {binary} service is not supported. Only nova-compute "
                         "services can be updated.")


class ServiceView(AdminView):
    """Admin only; Nova's policy rule follows the method."""

    RULES = {"GET": "list", "PUT": "update", "DELETE": "delete"}

    def policy_name(self):
        return f"os_compute_api:os-services:{self.RULES.get(self.request.method, 'list')}"


class ServiceList(ServiceView):
    """GET /os-services[?host=&binary=]."""

    def get(self, request):
        if self.version >= (2, 75):
            schemas.validate({key: request.GET[key] for key in request.GET}, LIST_QUERY_V275)
        found = Host.objects.order_by("pk")
        controls = ControlService.objects.order_by("pk")
        if request.GET.get("host"):
            found = found.filter(name=request.GET["host"])
            controls = controls.filter(host=request.GET["host"])
        if request.GET.get("binary"):
            controls = controls.filter(binary=request.GET["binary"])
            if request.GET["binary"] != BINARY:
                found = found.none()
        return ok({"services": [render(h, self.version) for h in found]
                   + [render_control(s, self.version) for s in controls]})


class ServiceItem(ServiceView):
    """PUT /os-services/{action} (before 2.53) or /os-services/{uuid} (2.53 on), and
    DELETE /os-services/{id}."""

    request_schemas = {"put": lambda version: UPDATE_V253 if version >= (2, 53)
                       else UPDATE_V211 if version >= (2, 11) else UPDATE}

    def put(self, request, service_id):
        if self.version >= (2, 53):
            return self._update_v253(request, service_id)
        actions = {"enable": self._enable, "disable": self._disable,
                   "disable-log-reason": self._disable_log_reason}
        if self.version >= (2, 11):
            actions["force-down"] = self._force_down
        body = schemas.validate(request.data,
                                UPDATE_V211 if self.version >= (2, 11) else UPDATE)
        if service_id not in actions:
            raise NotFound("Unknown action")
        _compute_only(body["binary"])
        host = Host.objects.filter(name=body["host"]).first()
        if host is None:
            raise NotFound(f"Could not find binary {body['binary']} on host {body['host']}.")
        return ok({"service": actions[service_id](host, body)})

    def _enable(self, host, body):
        hosts.enable_host(host)
        return {"host": host.name, "binary": BINARY, "status": "enabled"}

    def _disable(self, host, body):
        hosts.disable_host(host)
        return {"host": host.name, "binary": BINARY, "status": "disabled"}

    def _disable_log_reason(self, host, body):
        if "disabled_reason" not in body:
            raise BadRequest("Missing disabled reason field")
        hosts.disable_host(host, body["disabled_reason"])
        return {"host": host.name, "binary": BINARY, "status": "disabled",
                "disabled_reason": body["disabled_reason"]}

    def _force_down(self, host, body):
        if "forced_down" not in body:
            raise BadRequest("Missing forced_down field")
        hosts.set_forced_down(host, _true(body["forced_down"]))
        return {"host": host.name, "binary": BINARY, "forced_down": _true(body["forced_down"])}

    def _update_v253(self, request, service_id):
        body = schemas.validate(request.data, UPDATE_V253)
        host = self._by_uuid(service_id)
        if isinstance(host, ControlService):
            _compute_only(host.binary)
        if body.get("status") == "enabled" and body.get("disabled_reason"):
            raise BadRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.")
        if "status" not in body and "forced_down" not in body:
            raise BadRequest("No updates were requested. Fields 'status' or 'forced_down' "
                             "should be specified.")
        with transaction.atomic():
            if body.get("status") == "enabled":
                hosts.enable_host(host)
            elif body.get("status") == "disabled":
                hosts.disable_host(host, body.get("disabled_reason", ""))
            if "forced_down" in body:
                hosts.set_forced_down(host, _true(body["forced_down"]))
        return ok({"service": render(host, self.version)})

    def delete(self, request, service_id):
        if self.version >= (2, 53):
            host = self._by_uuid(service_id)
        else:
            try:
                pk = int(service_id)
            except ValueError:
                raise BadRequest(f"Invalid input for field/attribute id. Value: {service_id}. "
                                 "id must be an integer.")
            host = (ControlService.objects.filter(pk=pk - CONTROL_ID_BASE).first()
                    if pk > CONTROL_ID_BASE else Host.objects.filter(pk=pk).first())
            if host is None:
                raise NotFound(f"Service {service_id} not found.")
        if isinstance(host, ControlService):
            control_services.delete_service(host)
        else:
            hosts.delete_host(host)
        return ok(None, status=204)

    def _by_uuid(self, service_id):
        try:
            value = str(uuidlib.UUID(service_id))
        except ValueError:
            raise BadRequest(f"Invalid uuid {service_id}")
        found = (Host.objects.filter(uuid=value).first()
                 or ControlService.objects.filter(uuid=value).first())
        if found is None:
            raise NotFound(f"Service {service_id} could not be found.")
        return found


routes = [
    re_path(rf"{V21}/os-services/?$", ServiceList.as_view()),
    re_path(rf"{V21}/os-services/(?P<service_id>[^/]+)/?$", ServiceItem.as_view()),
]
