"""GET /servers/{id}/diagnostics (admin): a running server's diagnostics, as libvirt's
free-form counters before 2.48 and Nova's standard document from 2.48."""
from django.urls import re_path

from api.openstack.compute import lookups
from api.openstack.compute.routing import V21
from api.views import AdminView, ok
from compute import diagnostics

_DISK = ("read_bytes", "read_requests", "write_bytes", "write_requests", "errors_count")


def standard(facts):
    """The 2.48 document; counters only the hypervisor knows are null."""
    return {
        "state": facts.state, "driver": facts.driver, "hypervisor": facts.hypervisor,
        "hypervisor_os": facts.hypervisor_os, "uptime": facts.uptime,
        "config_drive": facts.config_drive, "num_cpus": facts.num_cpus,
        "num_disks": facts.num_disks, "num_nics": facts.num_nics,
        "memory_details": {"maximum": facts.memory_mb, "used": None},
        "cpu_details": [{"id": n, "time": None, "utilisation": None}
                        for n in range(facts.num_cpus)],
        "disk_details": [dict.fromkeys(_DISK) for _ in range(facts.num_disks)],
        "nic_details": [],
    }


def legacy(facts):
    """Before 2.48 each driver chose its keys; libvirt's "memory" is in KiB."""
    return {"memory": facts.memory_mb * 1024}


class ServerDiagnostics(AdminView):
    def policy_name(self):
        return "os_compute_api:os-server-diagnostics"

    def get(self, request, server_id):
        instance = lookups.server(self.context, server_id)
        facts = diagnostics.diagnose(instance)
        return ok(standard(facts) if self.version >= (2, 48) else legacy(facts))


routes = [
    re_path(rf"{V21}/servers/(?P<server_id>[^/]+)/diagnostics/?$",
            ServerDiagnostics.as_view()),
]
