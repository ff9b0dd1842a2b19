"""Run Celery chains inline (CELERY_TASK_ALWAYS_EAGER) for whole-flow unit tests."""
import tempfile

from django.test import override_settings

from cloudproject.celery import app
from compute import drivers


class EagerFlowMixin:
    """Chains run eagerly in the test process, against libvirt's test:///default, with a
    private instances directory; the process-wide driver is reset around each test."""

    def setUp(self):
        super().setUp()
        app.conf.task_always_eager = True
        self.addCleanup(setattr, app.conf, "task_always_eager", False)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        override = override_settings(INSTANCES_DIR=__import__("pathlib").Path(tmp.name))
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(setattr, drivers, "_driver", None)
        self.addCleanup(self._destroy_domains)
        drivers._driver = None

    def _destroy_domains(self):
        """libvirt's test driver keeps domains for the whole process: drop this test's."""
        from compute.models import Instance
        from compute.specs import instance_spec

        driver = drivers.get_driver()
        for instance in Instance.objects.all():
            driver.destroy(instance_spec(instance, "/nonexistent"))

    def use_driver(self, driver):
        """Swap the hypervisor edge for this test (e.g. one that fails on purpose)."""
        drivers._driver = driver
        return driver
