"""RAM: the host has the flavor's memory free, with its allocation ratio and reserve."""
from scheduler.filters.base import PASS, BaseFilter


class RamFilter(BaseFilter):
    """Free RAM = (total − reserved) × ram_allocation_ratio − used, as the claim counts it."""

    name = "ram"

    def host_passes(self, host, spec):
        if spec.memory_mb > host.free_ram_mb:
            return self.reject("ram", f"needs {spec.memory_mb} MB, {host.free_ram_mb} free")
        return PASS

    def sql(self, spec):
        return [("free_ram_mb < %s", [spec.memory_mb], "ram")]

    def explain(self, spec, rejected):
        most = max(host.free_ram_mb for host, _ in rejected)
        return f"needs {spec.memory_mb} MB RAM, most free {most} MB"
