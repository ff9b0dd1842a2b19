"""A requested destination (microversion 2.74) on real workers: boots asking for one host
all land there while it has room, the claim is taken there, and a boot it has no room for
fails rather than spilling over to the other host."""
from compute.models import Instance
from scheduler.models import Allocation
from tests.integration.test_scheduler_on_workers import SchedulerWorkerCase, room_for, settle


class RequestedDestinationTests(SchedulerWorkerCase):
    def test_boots_land_on_the_requested_host_and_no_further(self):
        target, other = self.hosts[1], self.hosts[0]
        room_for(target, 2)
        room_for(other, 5)
        rows = settle(self, [self.boot(1, name=f"vm{i}", requested_host=target.name)[0]
                             for i in range(3)])
        active = [r for r in rows if r.status == "ACTIVE"]
        errors = [r for r in rows if r.status == "ERROR"]
        self.assertEqual((len(active), len(errors)), (2, 1))
        self.assertTrue(all(r.host_id == target.pk for r in active))
        self.assertIn("No valid host was found", errors[0].fault["message"])
        self.assertEqual(set(Allocation.objects.values_list("host_id", flat=True)),
                         {target.pk})
        self.assertFalse(Instance.objects.filter(host=other).exists())
