"""What a host worker reports: registration, heartbeat, power-state sync, stuck tasks."""
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from compute import consoles, failures, host_facts, states
from compute.drivers import get_driver
from compute.models import Host, Instance
from compute.specs import PowerState
from scheduler import claims

log = logging.getLogger(__name__)


def report(host_name):
    """Register the host on first sight (with the configured reserves and ratios), then
    refresh its capacity and heartbeat. Operator edits of reserves/ratios/AZ are kept."""
    info = get_driver().host_info(str(settings.INSTANCES_DIR))
    capacity = {
        "arch": info.arch, "hypervisor_type": info.hypervisor_type,
        "hypervisor_version": info.hypervisor_version, "hypervisor_hostname": info.hostname,
        "cpu_model": info.cpu_model, "vcpus": info.vcpus, "memory_mb": info.memory_mb,
        "local_gb": info.local_gb, "last_heartbeat": timezone.now(),
        "uptime": host_facts.uptime_line(), "host_ip": host_facts.host_ip(),
    }
    host, created = Host.objects.get_or_create(name=host_name, defaults={
        **capacity,
        "availability_zone": settings.AVAILABILITY_ZONE,
        "reserved_vcpus": settings.RESERVED_HOST_CPUS,
        "reserved_memory_mb": settings.RESERVED_HOST_MEMORY_MB,
        "reserved_disk_gb": settings.RESERVED_HOST_DISK_GB,
        "cpu_allocation_ratio": settings.CPU_ALLOCATION_RATIO,
        "ram_allocation_ratio": settings.RAM_ALLOCATION_RATIO,
        "disk_allocation_ratio": settings.DISK_ALLOCATION_RATIO,
    })
    if created:
        log.info("registered host %s: %s vCPU, %s MB, %s GB", host_name, info.vcpus,
                 info.memory_mb, info.local_gb)
    else:
        Host.objects.filter(pk=host.pk).update(**capacity)
    return host


# vm_states in which the guest should be running, and what we record when it is not
_EXPECT_RUNNING = (states.ACTIVE,)
_OFF = (PowerState.SHUTDOWN, PowerState.CRASHED, PowerState.NOSTATE)


def sync_power_states(host_name):
    """Nova's _sync_power_states: record each idle instance's real power state; a guest
    that is off while expected running becomes SHUTOFF. Domains the DB doesn't know
    are logged and kept on the host record. Then each instance's console tail is captured.
    Returns (synced, unknown domain names)."""
    domains = {d.uuid: d for d in get_driver().list_domains()}
    known = set()
    synced = 0
    instances = list(Instance.objects.select_related("image").filter(host__name=host_name)
                     .exclude(vm_state=states.DELETED))
    for instance in instances:
        known.add(instance.uuid)
        dom = domains.get(instance.uuid)
        power = dom.power_state if dom else PowerState.NOSTATE
        vm_state = None
        if instance.vm_state in _EXPECT_RUNNING and power in _OFF:
            log.warning("instance %s is %s outside the cloud: marking it stopped",
                        instance.uuid, PowerState(power).name)
            vm_state = states.STOPPED
        if power != instance.power_state or vm_state:
            synced += states.power_synced(instance.uuid, vm_state, power)
    unknown = sorted(d.name for uuid, d in domains.items() if uuid not in known)
    if unknown:
        log.warning("host %s runs domains the cloud does not know: %s", host_name,
                    ", ".join(unknown))
    Host.objects.filter(name=host_name).update(unknown_domains=unknown)
    for instance in instances:
        consoles.capture(instance)
    return synced, unknown


def expire_stuck_tasks():
    """An instance whose task_state is older than its deadline goes to ERROR with a fault
    naming the state it was stuck in (builds also give their claim back)."""
    now = timezone.now()
    expired = []
    stuck = Instance.objects.filter(task_state__isnull=False, task_state_updated_at__lt=now
                                    - timedelta(seconds=min(settings.BUILD_TIMEOUT,
                                                            settings.TASK_TIMEOUT)))
    for instance in stuck:
        building = instance.vm_state == states.BUILDING
        limit = settings.BUILD_TIMEOUT if building else settings.TASK_TIMEOUT
        if instance.task_state_updated_at > now - timedelta(seconds=limit):
            continue
        exc = TimeoutError(f"Timed out after {limit} s in task_state {instance.task_state}")
        if states.errored(instance.uuid, failures.fault(exc, with_details=False),
                          expected_task_state=instance.task_state):
            if building:
                claims.release(instance)
            expired.append(instance.uuid)
    return expired
