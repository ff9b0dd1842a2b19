"""Scheduler hints on create: checked before any row, kept per instance, honoured."""
from django.test import TestCase

from compute import services as compute_services
from compute.models import Instance
from scheduler import groups, hints
from scheduler.models import PlacementRequest
from tests.eager import EagerFlowMixin
from tests.factories import make_flavor, make_host, make_image


class HintValidationTests(TestCase):
    def test_a_single_uuid_becomes_a_list(self):
        checked, group = hints.validate({"same_host": "u1", "custom": 1}, "p")
        self.assertEqual((checked, group), ({"same_host": ["u1"], "custom": 1}, None))

    def test_group_of_another_project_is_not_found(self):
        group = groups.create_server_group(name="g", policy="affinity", project_id="other")
        with self.assertRaisesRegex(hints.InvalidHints, "could not be found"):
            hints.validate({"group": group.uuid}, "p")

    def test_malformed_host_hint_is_refused(self):
        with self.assertRaises(hints.InvalidHints):
            hints.validate({"different_host": [1, 2]}, "p")


class CreateWithHintsTests(EagerFlowMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.hosts = [make_host(f"hint-host-{i}") for i in range(2)]
        self.flavor = make_flavor("m1.hint", vcpus=1, memory_mb=512, root_gb=1)
        self.image = make_image()

    def boot(self, **kw):
        with self.captureOnCommitCallbacks(execute=True):
            [instance] = compute_services.create_instance(
                name="vm", flavor=self.flavor, image=self.image, project_id="p",
                user_id="u", **kw)
        return Instance.objects.get(pk=instance.pk)

    def test_unknown_group_is_refused_before_any_row(self):
        with self.assertRaisesRegex(compute_services.InvalidRequest, "could not be found"):
            self.boot(scheduler_hints={"group": "no-such-group"})
        self.assertFalse(Instance.objects.exists())

    def test_hints_are_kept_for_the_instance(self):
        first = self.boot()
        second = self.boot(scheduler_hints={"different_host": first.uuid})
        self.assertEqual(PlacementRequest.objects.get(instance=second).hints,
                         {"different_host": [first.uuid]})

    def test_different_host_and_same_host_are_honoured(self):
        first = self.boot()
        apart = self.boot(scheduler_hints={"different_host": [first.uuid]})
        together = self.boot(scheduler_hints={"same_host": [apart.uuid]})
        self.assertNotEqual(apart.host_id, first.host_id)
        self.assertEqual(together.host_id, apart.host_id)

    def test_boot_without_hints_writes_no_placement_request(self):
        self.boot()
        self.assertFalse(PlacementRequest.objects.exists())
