"""The libvirt compute driver package; settings name it as compute.drivers.libvirt.LibvirtDriver."""
from compute.drivers.libvirt.driver import LibvirtDriver

__all__ = ["LibvirtDriver"]
