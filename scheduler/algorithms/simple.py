"""The least-loaded algorithm: among hosts that fit, the one with the most free RAM."""
from scheduler.algorithms.base import BaseScheduler, NoValidHost


class SimpleScheduler(BaseScheduler):
    """Nova's old SimpleScheduler: fit, then least loaded first."""

    def select(self, spec, hosts):
        candidates = [h for h in hosts if h.name not in spec.excluded_hosts]
        if spec.availability_zone:
            candidates = [h for h in candidates
                          if h.host.availability_zone == spec.availability_zone]
        fitting = [h for h in candidates if h.fits(spec)]
        if not fitting:
            raise NoValidHost(_reason(spec, hosts, candidates))
        return sorted(fitting, key=lambda h: (-h.free_ram_mb, -h.free_vcpus, h.name))


def _reason(spec, hosts, candidates):
    """One line saying why nothing fits, without naming hosts."""
    if not hosts:
        return "No compute host is enabled and up."
    parts = [f"{len(hosts)} hosts"]
    excluded = len(hosts) - len(candidates)
    if excluded:
        parts.append(f"{excluded} excluded by availability zone or earlier attempts")
    if candidates:
        most_ram = max(h.free_ram_mb for h in candidates)
        most_cpu = max(h.free_vcpus for h in candidates)
        most_disk = max(h.free_disk_gb for h in candidates)
        parts.append(f"none has room for {spec.vcpus} vCPU / {spec.memory_mb} MB RAM / "
                     f"{spec.disk_gb} GB disk (most free: {most_cpu} vCPU, {most_ram} MB, "
                     f"{most_disk} GB)")
    return "; ".join(parts)
