"""/os-availability-zone[/detail]: the zones of the compute hosts (Host.availability_zone);
a zone is available while one of its hosts is enabled. The detail (admin) lists each zone's
enabled hosts and the 'internal' zone of the control services that registered."""
from django.conf import settings
from django.urls import re_path

from api.openstack.compute import policy
from api.openstack.compute.links import usage_time
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute.models import Host
from compute.service_models import INTERNAL_ZONE, ControlService


def _zone_of(host):
    return host.availability_zone or settings.DEFAULT_AVAILABILITY_ZONE


def zones():
    """(available zone → its enabled hosts, sorted names of zones with only disabled hosts)."""
    available, unavailable = {}, set()
    for host in Host.objects.order_by("name"):
        if host.enabled:
            available.setdefault(_zone_of(host), []).append(host)
        else:
            unavailable.add(_zone_of(host))
    return available, sorted(unavailable - set(available))


def _entry(name, available, hosts=None):
    return {"zoneName": name, "zoneState": {"available": available}, "hosts": hosts}


def _compute_hosts(hosts):
    return {host.name: {"nova-compute": {"available": host.is_up, "active": True,
                                         "updated_at": usage_time(host.last_heartbeat)}}
            for host in hosts}


def _control_hosts():
    hosts = {}
    for service in ControlService.objects.order_by("host", "binary"):
        hosts.setdefault(service.host, {})[service.binary] = {
            "available": service.is_up, "active": True,
            "updated_at": usage_time(service.last_heartbeat)}
    return hosts


class AvailabilityZoneList(OpenStackView):
    """GET /os-availability-zone: zone names and states, no hosts."""

    def get(self, request):
        available, unavailable = zones()
        return ok({"availabilityZoneInfo": [_entry(name, True) for name in sorted(available)]
                   + [_entry(name, False) for name in unavailable]})


class AvailabilityZoneDetail(OpenStackView):
    """GET /os-availability-zone/detail (admin): zones with their hosts and services."""

    def get(self, request):
        policy.require_admin(self.context, "os_compute_api:os-availability-zone:detail")
        available, unavailable = zones()
        entries = {name: _entry(name, True, _compute_hosts(hosts))
                   for name, hosts in available.items()}
        control = _control_hosts()
        if control:
            entries.setdefault(INTERNAL_ZONE, _entry(INTERNAL_ZONE, True, {}))
            entries[INTERNAL_ZONE]["hosts"].update(control)
        return ok({"availabilityZoneInfo": [entries[name] for name in sorted(entries)]
                   + [_entry(name, False) for name in unavailable]})


routes = [
    re_path(rf"{V21}/os-availability-zone/?$", AvailabilityZoneList.as_view()),
    re_path(rf"{V21}/os-availability-zone/detail/?$", AvailabilityZoneDetail.as_view()),
]
