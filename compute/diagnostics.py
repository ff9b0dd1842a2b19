"""Diagnostics of a running instance from what the database knows (Nova's diagnostics
terms); no host is asked, so live counters (CPU time, I/O, memory in use) stay unknown."""
from dataclasses import dataclass

from django.utils import timezone

from compute import conflicts, states
from compute.specs import PowerState

# Nova's power_state.STATE_MAP: the names diagnostics and their errors use
STATE_NAMES = {PowerState.NOSTATE: "pending", PowerState.RUNNING: "running",
               PowerState.PAUSED: "paused", PowerState.SHUTDOWN: "shutdown",
               PowerState.CRASHED: "crashed", PowerState.SUSPENDED: "suspended"}


@dataclass(frozen=True)
class Diagnostics:
    """One instance's known facts; None where only the hypervisor could tell."""

    state: str
    driver: str
    hypervisor: str | None
    hypervisor_os: str
    uptime: int | None
    config_drive: bool
    num_cpus: int
    num_disks: int
    num_nics: int
    memory_mb: int


def _state_name(power_state):
    try:
        return STATE_NAMES[PowerState(power_state)]
    except ValueError:
        return str(power_state)


def diagnose(instance):
    """Diagnostics of `instance`; InstanceNotReady without a host, InstanceInvalidState
    unless it is running (Nova answers both with 409)."""
    conflicts.check_placed(instance)
    if instance.power_state != PowerState.RUNNING:
        raise states.InstanceInvalidState("get_diagnostics", instance.uuid, "power state",
                                          _state_name(instance.power_state))
    launched = instance.launched_at
    return Diagnostics(
        state=_state_name(instance.power_state), driver="libvirt",
        hypervisor=(instance.host.hypervisor_type or "").lower() or None,
        hypervisor_os="linux",
        uptime=int((timezone.now() - launched).total_seconds()) if launched else None,
        config_drive=bool(instance.config_drive), num_cpus=instance.vcpus,
        num_disks=1,  # the root disk: the only one our instances have yet
        num_nics=0,  # no networking service yet
        memory_mb=instance.memory_mb)
