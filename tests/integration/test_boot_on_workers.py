"""Boot and delete on real worker processes through the configured broker and database
(make test runs this on SQLite+Redis, PostgreSQL+Redis and SQLite+RabbitMQ)."""
import os

from compute import services
from compute.models import InstanceAction
from scheduler.models import Allocation
from tests.factories import make_flavor, make_image
from tests.integration.workers import RealWorkerTestCase, broker_label


class BootOnWorkersTests(RealWorkerTestCase):
    def setUp(self):
        super().setUp()
        self.flavor = make_flavor("m1.it", vcpus=1, memory_mb=256, root_gb=1)
        self.image = make_image()

    def test_boot_reaches_active_then_delete_releases_everything(self):
        [instance] = services.create_instance(name=f"it-{broker_label()}", flavor=self.flavor,
                                              image=self.image, project_id="p", user_id="u")
        instance = self.wait_for_status(instance, "ACTIVE")
        host = self.hosts[0]
        self.assertEqual(instance.host_id, host.pk)
        self.assertEqual(instance.power_state, 1)  # as reported by the host worker's libvirt
        events = list(InstanceAction.objects.get(instance=instance, action="create")
                      .events.values_list("event", "result", "host"))
        self.assertEqual(events, [("scheduler_schedule_instance", "Success", ""),
                                  ("compute_spawn_domain", "Success", host.name),
                                  ("compute_mark_active", "Success", host.name)])
        host.refresh_from_db()
        self.assertEqual(host.memory_mb_used, 256)

        services.delete_instance(instance)
        self.wait_for_status(instance, "DELETED")
        host.refresh_from_db()
        self.assertEqual((host.vcpus_used, host.memory_mb_used), (0, 0))
        self.assertFalse(Allocation.objects.exists())

    def test_deletes_arriving_while_the_builds_spawn_end_deleted_with_nothing_left(self):
        """As Tempest's delete-while-building: whatever the interleaving on the host (the
        driver serializes spawn and destroy of one instance), DELETED, never ERROR."""
        created = services.create_instance(name="it-race", flavor=self.flavor, image=self.image,
                                           project_id="p", user_id="u", count=4)
        for instance in created:
            services.delete_instance(instance)
        for instance in created:
            self.wait_for_status(instance, "DELETED")
        instances_dir = os.path.join(self.state_dir, "instances")
        left = os.listdir(instances_dir) if os.path.isdir(instances_dir) else []
        self.assertEqual([name for name in left if name in {i.uuid for i in created}], [])
        self.assertFalse(Allocation.objects.exists())
