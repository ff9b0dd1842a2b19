"""vCPU: the host has the flavor's vCPUs free, with its allocation ratio and reserve."""
from scheduler.filters.base import PASS, BaseFilter


class VcpuFilter(BaseFilter):
    """Nova's old CoreFilter. Free vCPUs = (total − reserved) × cpu_allocation_ratio − used."""

    name = "vcpu"

    def host_passes(self, host, spec):
        if spec.vcpus > host.free_vcpus:
            return self.reject("vcpu", f"needs {spec.vcpus} vCPU, {host.free_vcpus} free")
        return PASS

    def sql(self, spec):
        return [("free_vcpus < %s", [spec.vcpus], "vcpu")]

    def explain(self, spec, rejected):
        most = max(host.free_vcpus for host, _ in rejected)
        return f"needs {spec.vcpus} vCPU, most free {most}"
