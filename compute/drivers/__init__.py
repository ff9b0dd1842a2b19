"""Compute drivers: the hypervisor behind a narrow contract, chosen by dotted path in settings."""
from django.conf import settings
from django.utils.module_loading import import_string

_driver = None


def get_driver():
    """Return the process-wide driver named by settings.COMPUTE_DRIVER (created once)."""
    global _driver
    if _driver is None:
        _driver = import_string(settings.COMPUTE_DRIVER)(**settings.COMPUTE_DRIVER_OPTIONS)
    return _driver
