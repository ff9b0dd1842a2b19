"""Image properties: the host can run the image's architecture and hypervisor type, and
the flavor is big enough for the image's min_ram and min_disk."""
from scheduler.filters.base import PASS, BaseFilter
from scheduler.sql import among

# Nova's Architecture.canonicalize aliases, plus arm64 (Debian's name for aarch64).
ARCH_ALIASES = {"i386": "i686", "i486": "i686", "i586": "i686", "x86_32": "i686",
                "x86_32p": "i686", "amd64": "x86_64", "arm64": "aarch64"}
# Nova's HVType.canonicalize alias.
HV_ALIASES = {"xapi": "xen"}
# libvirt's QEMU driver (getType() 'QEMU') runs both plain-emulation and KVM guests.
HV_SUPPORTED = {"qemu": {"qemu", "kvm"}, "kvm": {"qemu", "kvm"}}


def canonical_arch(name):
    name = (name or "").lower()
    return ARCH_ALIASES.get(name, name)


def canonical_hv_type(name):
    name = (name or "").lower()
    return HV_ALIASES.get(name, name)


class ImagePropertiesFilter(BaseFilter):
    """Nova's ImagePropertiesFilter on `hw_architecture` (or legacy `architecture`) and
    `img_hv_type` (or legacy `hypervisor_type`), plus the image's min_ram / min_disk against
    the flavor, which no host can make up for."""

    name = "image_properties"

    def applies(self, spec):
        return bool(_arch(spec) or _hv_type(spec) or spec.image_min_ram
                    or spec.image_min_disk)

    def host_passes(self, host, spec):
        problem = _unsupported(host, spec) or _too_small(spec)
        return self.reject(*problem) if problem else PASS

    def sql(self, spec):
        arch, hv_type, conditions = _arch(spec), _hv_type(spec), []
        if arch:
            condition, params = among("LOWER(arch)", _arch_names(canonical_arch(arch)))
            conditions.append((f"NOT ({condition})", params, "architecture"))
        if hv_type:
            condition, params = among("LOWER(hypervisor_type)",
                                      _hv_names(canonical_hv_type(hv_type)))
            conditions.append((f"NOT ({condition})", params, "hypervisor_type"))
        too_small = _too_small(spec)
        if too_small:
            conditions.append(("1 = 1", [], too_small[0]))
        return conditions

    def explain(self, spec, rejected):
        codes = sorted({result.code for _, result in rejected})
        return "; ".join(_REQUIRES[code](spec) for code in codes)


def _arch(spec):
    return spec.image_properties.get("hw_architecture") or spec.image_properties.get(
        "architecture")


def _hv_type(spec):
    return spec.image_properties.get("img_hv_type") or spec.image_properties.get(
        "hypervisor_type")


def _arch_names(wanted):
    """Every lower-case host architecture that canonicalises to `wanted`."""
    names = {wanted, *ARCH_ALIASES}
    return sorted(name for name in names if canonical_arch(name) == wanted)


def _hv_names(wanted):
    """Every lower-case host hypervisor type that runs images asking for `wanted`."""
    names = {wanted, *HV_ALIASES, *HV_SUPPORTED}
    return sorted(name for name in names
                  if wanted in HV_SUPPORTED.get(canonical_hv_type(name),
                                                {canonical_hv_type(name)}))


def _unsupported(host, spec):
    arch, hv_type = _arch(spec), _hv_type(spec)
    if arch and canonical_arch(arch) != canonical_arch(host.arch):
        return "architecture", f"image needs {arch}, host is {host.arch or 'unknown'}"
    host_hv = canonical_hv_type(host.hypervisor_type)
    if hv_type and canonical_hv_type(hv_type) not in HV_SUPPORTED.get(host_hv, {host_hv}):
        return "hypervisor_type", (f"image needs hypervisor {hv_type}, "
                                   f"host runs {host.hypervisor_type or 'unknown'}")
    return None


def _too_small(spec):
    if spec.image_min_ram > spec.memory_mb:
        return "min_ram", f"image needs {spec.image_min_ram} MB RAM, flavor has {spec.memory_mb}"
    if spec.root_gb and spec.image_min_disk > spec.root_gb:
        return "min_disk", f"image needs {spec.image_min_disk} GB disk, flavor has {spec.root_gb}"
    return None


_REQUIRES = {
    "architecture": lambda spec: f"image needs architecture {_arch(spec)}",
    "hypervisor_type": lambda spec: f"image needs hypervisor {_hv_type(spec)}",
    "min_ram": lambda spec: f"image needs {spec.image_min_ram} MB RAM, flavor has "
                            f"{spec.memory_mb}",
    "min_disk": lambda spec: f"image needs {spec.image_min_disk} GB disk, flavor has "
                             f"{spec.root_gb}",
}
