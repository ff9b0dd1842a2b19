"""Host registration, heartbeat, power-state sync and the stuck-task reaper."""
from django.test import TestCase, override_settings

from compute import host_state, services, steps, tasks
from compute.drivers import get_driver
from compute.models import Host
from compute.specs import PowerState
from tests.eager import EagerFlowMixin
from tests.factories import make_flavor, make_host, make_image


class RegistrationTests(EagerFlowMixin, TestCase):
    @override_settings(RESERVED_HOST_MEMORY_MB=256, CPU_ALLOCATION_RATIO=2.0,
                       AVAILABILITY_ZONE="zone-a")
    def test_first_report_registers_real_capacity_and_configured_reserves(self):
        host = host_state.report("reg-host")
        info = get_driver().host_info("/tmp")
        self.assertEqual((host.vcpus, host.memory_mb), (info.vcpus, info.memory_mb))
        self.assertGreater(host.local_gb, 0)
        self.assertEqual((host.reserved_memory_mb, host.cpu_allocation_ratio), (256, 2.0))
        self.assertEqual(host.availability_zone, "zone-a")
        self.assertTrue(host.is_up)

    def test_later_reports_keep_operator_edits(self):
        host_state.report("reg-host")
        Host.objects.filter(name="reg-host").update(ram_allocation_ratio=1.5,
                                                    availability_zone="edited")
        host = host_state.report("reg-host")
        host.refresh_from_db()
        self.assertEqual((host.ram_allocation_ratio, host.availability_zone), (1.5, "edited"))

    def test_host_without_heartbeat_is_down(self):
        self.assertFalse(make_host(last_heartbeat=None).is_up)

    def test_forced_down_host_is_down(self):
        self.assertFalse(make_host(forced_down=True).is_up)

    @override_settings(HEARTBEAT_INTERVAL=5)
    def test_dispatch_sends_a_heartbeat_through_each_host_queue(self):
        make_host("q-host")
        tasks.dispatch_host_periodics()  # eager: runs report_host for q-host inline
        self.assertGreater(Host.objects.get(name="q-host").vcpus, 0)


class PowerSyncTests(EagerFlowMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("sync-host")
        with self.captureOnCommitCallbacks(execute=True):
            [self.instance] = services.create_instance(
                name="s", flavor=make_flavor(), image=make_image(), project_id="p",
                user_id="u")
        self.instance.refresh_from_db()
        self.spec = steps.spec(self.instance)

    def test_guest_stopped_outside_the_cloud_becomes_shutoff(self):
        get_driver().power_off(self.spec)  # e.g. the guest ran `poweroff`
        host_state.sync_power_states("sync-host")
        self.instance.refresh_from_db()
        self.assertEqual((self.instance.status, self.instance.power_state),
                         ("SHUTOFF", PowerState.SHUTDOWN))

    def test_vanished_domain_becomes_shutoff_with_nostate(self):
        get_driver().destroy(self.spec)
        host_state.sync_power_states("sync-host")
        self.instance.refresh_from_db()
        self.assertEqual((self.instance.status, self.instance.power_state), ("SHUTOFF", 0))

    def test_instance_with_a_task_is_left_to_its_task(self):
        services.stop_instance(self.instance)  # task_state powering-off, chain not run
        get_driver().power_off(self.spec)
        host_state.sync_power_states("sync-host")
        self.instance.refresh_from_db()
        self.assertEqual(self.instance.task_state, "powering-off")

    def test_domains_unknown_to_the_database_are_recorded_on_the_host(self):
        synced, unknown = host_state.sync_power_states("sync-host")
        self.assertIn("test", unknown)  # libvirt's test driver ships a domain named "test"
        self.assertNotIn(self.instance.domain_name, unknown)
        self.assertEqual(Host.objects.get(name="sync-host").unknown_domains, unknown)

    def test_running_instance_in_sync_changes_nothing(self):
        synced, _ = host_state.sync_power_states("sync-host")
        self.assertEqual(synced, 0)
