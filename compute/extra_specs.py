"""The flavor extra specs Nova knows and the values each accepts (Nova's validation from
microversion 2.86): a known key with a bad value, or an unknown key in a known namespace, is
refused; keys in other namespaces (or none) are free-form."""
import re

import os_resource_classes
import os_traits

BOOL_STRINGS = ("1", "t", "true", "on", "y", "yes", "0", "f", "false", "off", "n", "no")
_CPU_MASK = r"\^?\d+((-\d+)?(,\^?\d+(-\d+)?)?)*"
_GROUP = r"([a-zA-Z0-9_-]{1,64})?"


class InvalidExtraSpec(ValueError):
    """The extra spec is in a namespace Nova validates and fails its rule (HTTP 400)."""


# Rules: ("bool",), ("int", min, max), ("enum", values), ("pattern", regex), ("str",).
BOOL, TEXT = ("bool",), ("str",)


def whole(low=None, high=None):
    return ("int", low, high)


def one_of(*values):
    return ("enum", values)


def matching(regex):
    return ("pattern", regex)


HW = {
    "cpu_realtime": BOOL, "cpu_realtime_mask": matching(r"(\^)?" + _CPU_MASK[3:]),
    "hide_hypervisor_id": BOOL, "cpu_policy": one_of("dedicated", "shared", "mixed"),
    "cpu_thread_policy": one_of("prefer", "isolate", "require"),
    "emulator_threads_policy": one_of("isolate", "share"),
    "cpu_dedicated_mask": matching(_CPU_MASK),
    "mem_page_size": matching(r"(large|small|any|\d+([kKMGT]i?)?(b|bit|B)?)"),
    "locked_memory": BOOL, "numa_nodes": whole(1),
    "pci_numa_affinity_policy": one_of("required", "preferred", "legacy", "socket"),
    **{f"cpu_{kind}": whole(1) for kind in ("sockets", "cores", "threads", "max_sockets",
                                             "max_cores", "max_threads")},
    "boot_menu": BOOL, "vif_multiqueue_enabled": BOOL, "mem_encryption": BOOL,
    "mem_encryption_model": one_of("amd-sev", "amd-sev-es", "amd-sev-snp"),
    "pmem": matching(r"([a-zA-Z0-9_]+(,)?)+"), "pmu": BOOL, "serial_port_count": whole(0),
    "tpm_model": one_of("tpm-tis", "tpm-crb"), "tpm_version": one_of("1.2", "2.0"),
    "tpm_secret_security": one_of("user", "host", "deployment"),
    "watchdog_action": one_of("none", "pause", "poweroff", "reset", "disabled"),
    "viommu_model": one_of("intel", "smmuv3", "virtio", "auto"),
    "virtio_packed_ring": BOOL,
    "sound_model": one_of("sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "virtio"),
    "usb_model": one_of("none", "nec-xhci", "qemu-xhci"),
    "redirected_usb_ports": whole(0, 15), "ephemeral_encryption": BOOL,
    "ephemeral_encryption_format": one_of("plain", "luks", "luksv2"),
}
_QUOTA = {
    **{f"{key}_{suffix}": rule for key in ("cpu", "memory", "disk_io", "vif")
       for suffix, rule in (("limit", whole(0)), ("reservation", whole()),
                            ("shares_level", one_of("custom", "high", "normal", "low")),
                            ("shares_share", whole(0)))},
    "cpu_shares": whole(0), "cpu_period": whole(0), "cpu_quota": whole(),
    **{f"disk_{stat}_{metric}_sec": whole(0) for stat in ("read", "write", "total")
       for metric in ("bytes", "iops")},
    **{f"vif_{stat}_{metric}": whole(0) for stat in ("inbound", "outbound")
       for metric in ("average", "peak", "burst")},
}
_CAPABILITIES = (
    "id", "uuid", "service_id", "host", "vcpus", "memory_mb", "local_gb", "vcpus_used",
    "memory_mb_used", "local_gb_used", "hypervisor_type", "hypervisor_version",
    "hypervisor_hostname", "free_ram_mb", "free_disk_gb", "current_workload", "running_vms",
    "disk_available_least", "host_ip", "mapped", "cpu_allocation_ratio",
    "ram_allocation_ratio", "disk_allocation_ratio", "total_usable_ram_mb",
    "total_usable_disk_gb", "disk_mb_used", "free_disk_mb", "vcpus_total", "num_instances",
    "num_io_ops", "failed_builds", "aggregates", "cell_uuid", "updated")
_NESTED_CAPABILITIES = ("cpu_info", "metrics", "stats", "numa_topology", "supported_hv_specs",
                        "pci_device_pools", "nodename", "pci_stats", "supported_instances",
                        "limits", "instances")

# Fixed names → rule.
EXACT = {
    "accel:device_profile": TEXT,
    **{f"hw:{key}": rule for key, rule in HW.items()},
    "hw_rng:allowed": BOOL, "hw_rng:rate_bytes": whole(0), "hw_rng:rate_period": whole(0),
    "hw_video:ram_max_mb": whole(0),
    "hide_hypervisor_id": BOOL, "group_policy": one_of("isolate", "none"),
    "os:secure_boot": one_of("disabled", "required"),
    "pci_passthrough:alias": matching(r"[^:]+:\d+(?:\s*,\s*[^:]+:\d+)*"),
    **{f"quota:{key}": rule for key, rule in _QUOTA.items()},
    **{f"capabilities:{name}": TEXT for name in _CAPABILITIES},
    "vmware:hw_version": TEXT, "vmware:storage_policy": TEXT,
}
_TRAIT_VALUES = one_of("required", "forbidden")
# Names with parameters (a regex matched against the whole name) → rule.
PATTERNS = [
    (re.compile(r"hw:numa_cpus.\d+"), matching(_CPU_MASK)),
    (re.compile(r"hw:numa_mem.\d+"), whole(1)),
    (re.compile(r"aggregate_instance_extra_specs:.+"), TEXT),
    (re.compile(rf"capabilities:({'|'.join(_NESTED_CAPABILITIES)})(:\w+)*"), TEXT),
    (re.compile(rf"resources{_GROUP}:(CUSTOM_[A-Z0-9_]+|"
                rf"{'|'.join(map(re.escape, os_resource_classes.STANDARDS))})"), whole()),
    (re.compile(rf"trait{_GROUP}:(CUSTOM_[A-Z0-9_]+|"
                rf"{'|'.join(map(re.escape, os_traits.get_traits()))})"), _TRAIT_VALUES),
]
# The namespaces Nova validates: an unknown key in one of them is refused.
NAMESPACES = re.compile(rf"(accel|aggregate_instance_extra_specs|capabilities|hw|hw_rng|"
                        rf"hw_video|os|pci_passthrough|quota|resources{_GROUP}|"
                        rf"trait{_GROUP}|vmware)")


def rule_for(name):
    """The rule of a known extra spec, None for a free-form one."""
    if name in EXACT:
        return EXACT[name]
    for pattern, rule in PATTERNS:
        if pattern.fullmatch(name):
            return rule
    return None


def validate(name, value):
    """Raise InvalidExtraSpec unless `value` suits the extra spec `name` (values arrive as
    strings or numbers; they are judged as their text, as Nova does)."""
    text = str(value)
    rule = rule_for(name)
    if rule is None:
        if ":" in name and NAMESPACES.fullmatch(name.split(":", 1)[0]):
            raise InvalidExtraSpec(f"Validation failed; extra spec '{name}' does not appear "
                                   f"to be a valid extra spec.")
        return
    _CHECKS[rule[0]](text, *rule[1:])


def _check_bool(text):
    if text.strip().lower() not in BOOL_STRINGS:
        raise InvalidExtraSpec(f"Validation failed; '{text}' is not a valid boolean-like "
                               f"value.")


def _check_int(text, low, high):
    try:
        number = int(text)
    except ValueError:
        raise InvalidExtraSpec(f"Validation failed; '{text}' is not a valid integer value.")
    if high is not None and number > high:
        raise InvalidExtraSpec(f"Validation failed; '{number}' is greater than the max value "
                               f"of '{high}'.")
    if low is not None and number < low:
        raise InvalidExtraSpec(f"Validation failed; '{number}' is less than the min value of "
                               f"'{low}'.")


def _check_enum(text, values):
    if text not in values:
        raise InvalidExtraSpec(f"Validation failed; '{text}' is not one of: "
                               f"{', '.join(values)}.")


def _check_pattern(text, regex):
    if not re.fullmatch(regex, text):
        raise InvalidExtraSpec(f"Validation failed; '{text}' is not of the format "
                               f"'{regex}'.")


_CHECKS = {"bool": _check_bool, "int": _check_int, "enum": _check_enum,
           "pattern": _check_pattern, "str": lambda text: None}
