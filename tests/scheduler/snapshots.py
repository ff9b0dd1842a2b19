"""Plain constructors for what filters and weighers read: make_host_state(), make_spec()."""
import itertools

from scheduler.hosts import HostState
from scheduler.request import GroupSpec, RequestSpec

_ids = itertools.count(1)


def make_host_state(name=None, **fields):
    """An enabled, up host snapshot with 8 vCPU, 16 GiB RAM, 100 GB disk free."""
    pk = fields.pop("id", next(_ids))
    values = {"availability_zone": "nova", "arch": "x86_64", "hypervisor_type": "QEMU",
              "free_vcpus": 8, "free_ram_mb": 16384, "free_disk_gb": 100}
    values.update(fields)
    return HostState(pk, name or f"host-{pk}", **values)


def make_spec(**fields):
    """A request for 1 vCPU, 512 MB RAM, 1 GB disk, project-a, no constraints."""
    values = {"instance_uuid": "", "project_id": "project-a", "vcpus": 1, "memory_mb": 512,
              "disk_gb": 1, "root_gb": 1}
    values.update(fields)
    return RequestSpec(**values)


def make_group_spec(policy, host_counts=None, rules=None):
    return GroupSpec("group-uuid", policy, rules or {}, host_counts or {})
