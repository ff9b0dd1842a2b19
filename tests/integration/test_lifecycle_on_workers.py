"""Every lifecycle action on real worker processes, through the services, to its final state."""
from compute import services
from compute.models import Host, InstanceAction
from compute.specs import PowerState
from tests.factories import make_flavor, make_image
from tests.integration.workers import RealWorkerTestCase


class LifecycleOnWorkersTests(RealWorkerTestCase):
    host_count = 2

    def setUp(self):
        super().setUp()
        flavor = make_flavor("m1.lc", vcpus=1, memory_mb=256, root_gb=1)
        [instance] = services.create_instance(name="lc", flavor=flavor, image=make_image(),
                                              project_id="p", user_id="u")
        self.instance = self.wait_for_status(instance, "ACTIVE")

    def do(self, service, status, power_state, **kw):
        getattr(services, service)(self.instance, **kw)
        self.instance = self.wait_for_status(self.instance, status)
        self.assertEqual(self.instance.power_state, power_state)

    def test_every_action_in_turn(self):
        self.do("stop_instance", "SHUTOFF", PowerState.SHUTDOWN)
        self.do("start_instance", "ACTIVE", PowerState.RUNNING)
        self.do("reboot_instance", "ACTIVE", PowerState.RUNNING)
        self.do("reboot_instance", "ACTIVE", PowerState.RUNNING, hard=True)
        self.do("pause_instance", "PAUSED", PowerState.PAUSED)
        self.do("unpause_instance", "ACTIVE", PowerState.RUNNING)
        self.do("suspend_instance", "SUSPENDED", PowerState.SUSPENDED)
        self.do("resume_instance", "ACTIVE", PowerState.RUNNING)
        self.do("delete_instance", "DELETED", PowerState.NOSTATE)
        actions = list(InstanceAction.objects.filter(instance=self.instance)
                       .order_by("start_time", "id").values_list("action", flat=True))
        self.assertEqual(actions, ["create", "stop", "start", "reboot", "reboot", "pause",
                                   "unpause", "suspend", "resume", "delete"])

    def test_each_step_ran_on_the_instance_host(self):
        self.do("stop_instance", "SHUTOFF", PowerState.SHUTDOWN)
        stop = InstanceAction.objects.get(instance=self.instance, action="stop")
        self.assertEqual(list(stop.events.values_list("event", "result", "host")), [
            ("compute_power_off_domain", "Success", self.instance.host.name),
            ("compute_complete_action", "Success", self.instance.host.name)])
        self.assertIsNotNone(stop.finish_time)

    def test_power_sync_on_the_host_sees_the_domain_running(self):
        from compute import workflows

        host = self.instance.host
        Host.objects.filter(pk=host.pk).update(unknown_domains=["stale"])
        result = workflows.host_periodic("compute.sync_power_states", host, expires=30)
        result.apply_async()
        # libvirt's test driver starts with one domain named "test" that we never created
        unknown = self.wait_for(
            lambda: [d for d in Host.objects.get(pk=host.pk).unknown_domains if d != "stale"],
            "the host to report its unknown domains")
        self.assertIn("test", unknown)
        self.assertNotIn(self.instance.domain_name, unknown)
        self.instance.refresh_from_db()
        self.assertEqual(self.instance.status, "ACTIVE")
