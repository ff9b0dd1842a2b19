"""/os-hypervisors: compute hosts shown as Nova's hypervisors (admin only), per microversion:
ids become UUIDs at 2.53, cpu_info an object at 2.28, paging at 2.33, capacity fields give
way to `uptime` at 2.88."""
import json
import uuid as uuidlib

from django.db.models import Q
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, FeatureNotSupported, NotFound
from api.openstack.compute import paging
from api.openstack.compute.routing import V21
from api.views import AdminView, ok
from compute import hosts
from compute.models import Host

_with_servers = {"with_servers": schemas.boolean}
LIST_QUERY_V253 = {
    "type": "object", "additionalProperties": False,
    "properties": {"limit": schemas.non_negative_int, "marker": {"type": "string"},
                   "hypervisor_hostname_pattern": {"type": "string", "minLength": 1,
                                                   "maxLength": 255,
                                                   "pattern": r"^[a-zA-Z0-9-._]*$"},
                   **_with_servers},
}
SHOW_QUERY_V253 = {"type": "object", "properties": _with_servers, "additionalProperties": False}


def _query(request, schema):
    return schemas.validate({key: request.GET[key] for key in request.GET}, schema)


def _true(value):
    return str(value).lower() in schemas.TRUE_STRINGS


def _id(host, version):
    return host.uuid if version >= (2, 53) else host.pk


def brief(host, version):
    return {"id": _id(host, version), "hypervisor_hostname": host.hypervisor_hostname or host.name,
            "state": "up" if host.is_up else "down",
            "status": "enabled" if host.enabled else "disabled"}


def _cpu_info(host, version):
    info = {"arch": host.arch, "model": host.cpu_model}
    return info if version >= (2, 28) else json.dumps(info)


def _capacity(host, counts):
    """Nova's compute node figures: 'used' includes what is reserved for the host itself."""
    running, busy = counts.get(host.pk, (0, 0))
    ram_used = host.memory_mb_used + host.reserved_memory_mb
    disk_used = host.local_gb_used + host.reserved_disk_gb
    return {"vcpus": host.vcpus, "vcpus_used": host.vcpus_used, "memory_mb": host.memory_mb,
            "memory_mb_used": ram_used, "free_ram_mb": host.memory_mb - ram_used,
            "local_gb": host.local_gb, "local_gb_used": disk_used,
            "free_disk_gb": host.local_gb - disk_used,
            "disk_available_least": host.local_gb - disk_used,
            "current_workload": busy, "running_vms": running}


def detail(host, version, counts):
    body = {**brief(host, version), "hypervisor_type": host.hypervisor_type,
            "hypervisor_version": host.hypervisor_version, "host_ip": host.host_ip,
            "service": {"host": host.name, "id": _id(host, version),
                        "disabled_reason": host.disabled_reason or None}}
    if version >= (2, 88):
        body["uptime"] = host.uptime or None
    else:
        body.update(_capacity(host, counts), cpu_info=_cpu_info(host, version))
    return body


def _servers(host):
    return [{"name": name, "uuid": uuid} for name, uuid in
            hosts.live_instances(host).order_by("created_at").values_list("display_name",
                                                                          "uuid")]


def _with_servers_listed(body, host, version, with_servers):
    """Nova lists a host's servers when asked, and from 2.75 even when there are none."""
    if with_servers:
        servers = _servers(host)
        if servers or version >= (2, 75):
            body["servers"] = servers
    return body


def _matching(pattern):
    found = list(Host.objects.filter(
        Q(hypervisor_hostname__icontains=pattern)
        | Q(hypervisor_hostname="", name__icontains=pattern)).order_by("pk"))
    if not found:
        raise NotFound(f"No hypervisor matching '{pattern}' could be found.")
    return found


def _get(hypervisor_id, version):
    """The host a path id names: a UUID from 2.53 (else 400), an integer before (else 404)."""
    missing = NotFound(f"Hypervisor with ID '{hypervisor_id}' could not be found.")
    if version >= (2, 53):
        try:
            lookup = {"uuid": str(uuidlib.UUID(hypervisor_id))}
        except ValueError:
            raise BadRequest(f"Invalid uuid {hypervisor_id}")
    else:
        try:
            lookup = {"pk": int(hypervisor_id)}
        except ValueError:
            raise missing
    host = Host.objects.filter(**lookup).first()
    if host is None:
        raise missing
    return host


class HypervisorView(AdminView):
    """Admin only; `rule` completes Nova's policy name."""

    rule = "list"

    def policy_name(self):
        return f"os_compute_api:os-hypervisors:{self.rule}"


class HypervisorList(HypervisorView):
    """GET /os-hypervisors: id, hostname, state, status of each host."""

    detailed = False

    def get(self, request):
        version = self.version
        pattern, with_servers = None, False
        if version >= (2, 53):
            query = _query(request, LIST_QUERY_V253)
            pattern = query.get("hypervisor_hostname_pattern")
            with_servers = _true(query.get("with_servers", False))
        if pattern is not None:
            if "limit" in request.GET or request.GET.get("marker"):
                raise BadRequest("Paging over hypervisors with the hypervisor_hostname_pattern "
                                 "query parameter is not supported.")
            found = _matching(pattern)
        else:
            found = list(Host.objects.order_by("pk"))
            if version >= (2, 33):
                limit, marker = paging.limit_and_marker(request)
                found = paging.page(found, lambda h: _id(h, version), limit, marker)
        counts = hosts.instance_counts([h.pk for h in found]) if self.detailed else {}
        items = [_with_servers_listed(detail(h, version, counts) if self.detailed
                                      else brief(h, version), h, version, with_servers)
                 for h in found]
        body = {"hypervisors": items}
        if version >= (2, 33) and pattern is None:
            collection = "os-hypervisors/detail" if self.detailed else "os-hypervisors"
            links = paging.next_links(request, collection, len(items),
                                      items[-1]["id"] if items else None)
            if links:
                body["hypervisors_links"] = links
        return ok(body)


class HypervisorDetailList(HypervisorList):
    """GET /os-hypervisors/detail: every field of each host."""

    rule, detailed = "list-detail", True


class HypervisorItem(HypervisorView):
    """GET /os-hypervisors/{id}."""

    rule = "show"

    def get(self, request, hypervisor_id):
        version = self.version
        with_servers = False
        if version >= (2, 53):
            with_servers = _true(_query(request, SHOW_QUERY_V253).get("with_servers", False))
        host = _get(hypervisor_id, version)
        body = detail(host, version, hosts.instance_counts([host.pk]))
        return ok({"hypervisor": _with_servers_listed(body, host, version, with_servers)})


class HypervisorUptime(HypervisorView):
    """GET /os-hypervisors/{id}/uptime (until 2.87): the host's `uptime` line at its last
    report; a host that is down can't tell (400, as Nova)."""

    responses = {"get": (501,)}  # no uptime reported

    rule = "uptime"

    def get(self, request, hypervisor_id):
        if self.version >= (2, 88):
            raise NotFound()
        host = _get(hypervisor_id, self.version)
        if not host.is_up:
            raise BadRequest(f"Compute service of {host.name} is unavailable at this time.")
        if not host.uptime:
            raise FeatureNotSupported()
        return ok({"hypervisor": {**brief(host, self.version), "uptime": host.uptime}})


class HypervisorSearch(HypervisorView):
    """GET /os-hypervisors/{pattern}/search (until 2.52): hosts whose name contains it."""

    rule = "search"
    with_servers = False

    def get(self, request, pattern):
        if self.version >= (2, 53):
            raise NotFound()
        return ok({"hypervisors": [
            _with_servers_listed(brief(h, self.version), h, self.version, self.with_servers)
            for h in _matching(pattern)]})


class HypervisorServers(HypervisorSearch):
    """GET /os-hypervisors/{pattern}/servers (until 2.52): the same, with their servers."""

    rule, with_servers = "servers", True


class HypervisorStatistics(HypervisorView):
    """GET /os-hypervisors/statistics (until 2.87): sums over the enabled hosts."""

    rule = "statistics"
    FIELDS = ("vcpus", "vcpus_used", "memory_mb", "memory_mb_used", "free_ram_mb", "local_gb",
              "local_gb_used", "free_disk_gb", "disk_available_least", "current_workload",
              "running_vms")

    def get(self, request):
        if self.version >= (2, 88):
            raise NotFound()
        enabled = list(Host.objects.filter(enabled=True))
        counts = hosts.instance_counts([h.pk for h in enabled])
        stats = dict.fromkeys(self.FIELDS, 0)
        for host in enabled:
            for key, value in _capacity(host, counts).items():
                stats[key] += value
        return ok({"hypervisor_statistics": {"count": len(enabled), **stats}})


_HID = r"(?P<hypervisor_id>[^/]+)"
_PATTERN = r"(?P<pattern>[^/]+)"
routes = [
    re_path(rf"{V21}/os-hypervisors/?$", HypervisorList.as_view()),
    re_path(rf"{V21}/os-hypervisors/detail/?$", HypervisorDetailList.as_view()),
    re_path(rf"{V21}/os-hypervisors/statistics/?$", HypervisorStatistics.as_view()),
    re_path(rf"{V21}/os-hypervisors/{_PATTERN}/search/?$", HypervisorSearch.as_view()),
    re_path(rf"{V21}/os-hypervisors/{_PATTERN}/servers/?$", HypervisorServers.as_view()),
    re_path(rf"{V21}/os-hypervisors/{_HID}/uptime/?$", HypervisorUptime.as_view()),
    re_path(rf"{V21}/os-hypervisors/{_HID}/?$", HypervisorItem.as_view()),
]
