"""/os-hosts (deprecated, until microversion 2.42; admin only): the compute hosts and the
control services (zone 'internal'), the resources each compute host holds, enable/disable;
power actions and maintenance mode are what the libvirt driver does not do (501, as Nova
answers with libvirt)."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, FeatureNotSupported, NotFound
from api.openstack.compute.routing import V21
from api.views import AdminView, ok
from compute import hosts as host_intents
from compute.models import Host
from compute.service_models import INTERNAL_ZONE, ControlService

_toggle = {"type": "string", "enum": ["enable", "disable", "Enable", "Disable", "ENABLE",
                                      "DISABLE"]}
UPDATE = {"type": "object", "properties": {"status": _toggle, "maintenance_mode": _toggle},
          "anyOf": [{"required": ["status"]}, {"required": ["maintenance_mode"]}],
          "additionalProperties": False}


def _resource(host, project, cpu, memory_mb, disk_gb):
    return {"resource": {"host": host.name, "project": project, "cpu": cpu,
                         "memory_mb": memory_mb, "disk_gb": disk_gb}}


def resources(host):
    """Nova's rows: (total), (used_now) as the host accounts it (reserves included),
    (used_max) summed over its instances, then one row per project."""
    rows = [_resource(host, "(total)", host.vcpus, host.memory_mb, host.local_gb),
            _resource(host, "(used_now)", host.vcpus_used,
                      host.memory_mb_used + host.reserved_memory_mb,
                      host.local_gb_used + host.reserved_disk_gb)]
    total, by_project = [0, 0, 0], {}
    instances = host_intents.live_instances(host).order_by("id")
    for project, vcpus, ram, root, ephemeral in instances.values_list(
            "project_id", "vcpus", "memory_mb", "root_gb", "ephemeral_gb"):
        for sums in (total, by_project.setdefault(project, [0, 0, 0])):
            sums[0] += vcpus
            sums[1] += ram
            sums[2] += root + ephemeral
    rows.append(_resource(host, "(used_max)", *total))
    rows += [_resource(host, project, *sums) for project, sums in by_project.items()]
    return rows


class HostView(AdminView):
    """Admin only, and gone after 2.42."""

    rule = "list"

    def policy_name(self):
        return f"os_compute_api:os-hosts:{self.rule}"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.version > (2, 42):
            raise NotFound()

    def host(self, host_name):
        host = Host.objects.filter(name=host_name).first()
        if host is None:
            raise NotFound(f"Compute host {host_name} could not be found.")
        return host


class HostList(HostView):
    """GET /os-hosts[?zone=]: enabled compute hosts, then the control services."""

    def get(self, request):
        found = Host.objects.filter(enabled=True).order_by("pk")
        controls = ControlService.objects.order_by("pk")
        if request.GET.get("zone"):
            found = found.filter(availability_zone=request.GET["zone"])
            if request.GET["zone"] != INTERNAL_ZONE:
                controls = controls.none()
        return ok({"hosts": [{"host_name": h.name, "service": "compute",
                              "zone": h.availability_zone} for h in found]
                   + [{"host_name": s.host, "service": s.topic, "zone": INTERNAL_ZONE}
                      for s in controls]})


class HostItem(HostView):
    """GET /os-hosts/{host}: resource usage; PUT: {"status": "enable"|"disable"}."""

    responses = {"put": (501,)}  # maintenance_mode
    request_schemas = {"put": UPDATE}

    def policy_name(self):
        return f"os_compute_api:os-hosts:{'update' if self.request.method == 'PUT' else 'show'}"

    def get(self, request, host_name):
        return ok({"host": resources(self.host(host_name))})

    def put(self, request, host_name):
        body = schemas.validate(request.data, UPDATE)
        host = self.host(host_name)
        if "maintenance_mode" in body:
            raise FeatureNotSupported()  # evacuating a host needs migration
        if body["status"].lower() == "enable":
            host_intents.enable_host(host)
            return ok({"host": host.name, "status": "enabled"})
        host_intents.disable_host(host)
        return ok({"host": host.name, "status": "disabled"})


class HostPowerAction(HostView):
    """GET /os-hosts/{host}/startup|shutdown|reboot: not something the libvirt driver does."""

    responses = {"get": (501,)}

    def policy_name(self):
        action = self.kwargs.get("action", "")
        return f"os_compute_api:os-hosts:{'start' if action == 'startup' else action}"

    def get(self, request, host_name, action):
        host = self.host(host_name)
        if not host.is_up:
            raise BadRequest(f"Compute service of {host.name} is unavailable at this time.")
        raise FeatureNotSupported()


_HOST = r"(?P<host_name>[^/]+)"
routes = [
    re_path(rf"{V21}/os-hosts/?$", HostList.as_view()),
    re_path(rf"{V21}/os-hosts/{_HOST}/(?P<action>startup|shutdown|reboot)/?$",
            HostPowerAction.as_view()),
    re_path(rf"{V21}/os-hosts/{_HOST}/?$", HostItem.as_view()),
]
