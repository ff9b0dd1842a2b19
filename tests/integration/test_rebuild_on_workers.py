"""Rebuild, soft delete, restore and reclaim on real worker processes (libvirt
test:///default), through the services, to their final states; the scheduler worker's
service records."""
import json
import subprocess
from pathlib import Path

from celery import signature
from django.test import override_settings
from django.utils import timezone

from compute import deletes, rebuilds, services
from compute.models import InstanceAction
from compute.service_models import ControlService
from compute.specs import PowerState
from tests.factories import make_flavor, make_image
from tests.integration.workers import RealWorkerTestCase


class RebuildOnWorkersTests(RealWorkerTestCase):
    # The scheduler worker runs the reclaim: it must know the grace period too.
    scheduler_environment = {"RECLAIM_INSTANCE_INTERVAL": "1"}

    def setUp(self):
        super().setUp()
        self.flavor = make_flavor("m1.rb", vcpus=1, memory_mb=256, root_gb=1)
        [instance] = services.create_instance(name="rb", flavor=self.flavor,
                                              image=make_image("first"), project_id="p",
                                              user_id="u")
        self.instance = self.wait_for_status(instance, "ACTIVE")

    def disk_backing_file(self):
        disk = Path(self.state_dir) / "instances" / self.instance.uuid / "disk"
        info = subprocess.run(["qemu-img", "info", "--output=json", str(disk)], check=True,
                              capture_output=True, text=True).stdout
        return json.loads(info)["backing-filename"]

    def events(self, action):
        record = InstanceAction.objects.get(instance=self.instance, action=action)
        self.assertIsNotNone(record.finish_time)
        return list(record.events.values_list("event", "result", "host"))

    def test_rebuild_of_active_then_of_stopped_server(self):
        second = make_image("second")
        rebuilds.rebuild_instance(self.instance, second.id, project_id="p", user_id="u",
                                  display_name="rebuilt")
        self.instance = self.wait_for_status(self.instance, "ACTIVE")
        self.assertEqual((self.instance.image_ref, self.instance.display_name,
                          self.instance.power_state), (second.id, "rebuilt", PowerState.RUNNING))
        self.assertEqual(self.disk_backing_file(), second.path)
        host = self.instance.host.name
        self.assertEqual(self.events("rebuild"), [
            ("compute_rebuild_destroy_domain", "Success", host),
            ("compute_rebuild_spawn_domain", "Success", host),
            ("compute_mark_rebuilt", "Success", host)])

        services.stop_instance(self.instance)
        self.instance = self.wait_for_status(self.instance, "SHUTOFF")
        first = self.instance.image
        rebuilds.rebuild_instance(self.instance, make_image("third").id, project_id="p",
                                  user_id="u")
        self.instance = self.wait_for_status(self.instance, "SHUTOFF")
        self.assertEqual(self.instance.power_state, PowerState.SHUTDOWN)
        self.assertNotEqual(self.instance.image_ref, first.id)

    @override_settings(RECLAIM_INSTANCE_INTERVAL=1)
    def test_soft_delete_restore_then_reclaim(self):
        deletes.request_delete(self.instance)
        self.instance = self.wait_for_status(self.instance, "SOFT_DELETED")
        self.assertEqual(self.instance.power_state, PowerState.SHUTDOWN)

        deletes.restore_instance(self.instance)
        self.instance = self.wait_for_status(self.instance, "ACTIVE")
        self.assertEqual(self.instance.power_state, PowerState.RUNNING)

        deletes.request_delete(self.instance)
        self.instance = self.wait_for_status(self.instance, "SOFT_DELETED")
        # what beat sends every min(interval, 60) s, sent now, once the second has passed
        self.wait_for(lambda: (timezone.now() - self.instance.deleted_at).total_seconds() > 1.5,
                      "the grace period to pass")
        signature("compute.reclaim_soft_deleted", queue="default").apply_async()
        self.instance = self.wait_for_status(self.instance, "DELETED")
        actions = list(InstanceAction.objects.filter(instance=self.instance)
                       .order_by("start_time", "id").values_list("action", flat=True))
        self.assertEqual(actions, ["create", "delete", "restore", "delete", "delete"])
        self.instance.host.refresh_from_db()
        self.assertEqual(self.instance.host.vcpus_used, 0)


class ControlServicesOnWorkersTests(RealWorkerTestCase):
    def test_the_scheduler_worker_registers_and_heartbeats_its_services(self):
        def fresh_pair():
            rows = list(ControlService.objects.order_by("binary"))
            return rows if [r.binary for r in rows] == ["nova-conductor", "nova-scheduler"] \
                and all(r.is_up for r in rows) else None

        first = self.wait_for(fresh_pair, "the scheduler worker's service records")
        beat = first[0].last_heartbeat
        # HEARTBEAT_INTERVAL is 5 s on the test workers
        self.wait_for(lambda: ControlService.objects.get(pk=first[0].pk).last_heartbeat > beat,
                      "the next heartbeat", timeout=30)
