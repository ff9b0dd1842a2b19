"""The shape of each chain: task names and queues, without running anything."""
from django.test import TestCase

from compute import workflows
from tests.factories import make_host, make_instance


def shape(sig):
    tasks = getattr(sig, "tasks", [sig])
    return [(t.task, t.options.get("queue")) for t in tasks]


class WorkflowShapeTests(TestCase):
    def setUp(self):
        self.host = make_host("wf-host")
        self.instance = make_instance(host=self.host)

    def test_boot_starts_on_the_scheduler_queue(self):
        self.assertEqual(shape(workflows.boot("u", "r")),
                         [("scheduler.schedule_instance", "scheduler")])

    def test_host_boot_runs_on_the_host_queue(self):
        self.assertEqual(shape(workflows.host_boot("u", "wf-host", "r")), [
            ("compute.spawn_domain", "host.wf-host"), ("compute.mark_active", "host.wf-host")])

    def test_every_power_action_is_a_host_step_then_completion(self):
        for action, step in workflows.POWER_STEPS.items():
            sig = workflows.power_action(self.instance, action, "r")
            self.assertEqual(shape(sig), [(step, "host.wf-host"),
                                          ("compute.complete_action", "host.wf-host")])
            self.assertEqual(sig.tasks[0].args[-1], action)

    def test_delete_with_a_host_destroys_there(self):
        self.assertEqual([t for t, _ in shape(workflows.delete(self.instance, "r"))], [
            "compute.destroy_domain", "compute.release_resources", "compute.mark_deleted"])

    def test_delete_without_a_host_is_bookkeeping_on_default(self):
        sig = workflows.delete(make_instance(host=None), "r")
        self.assertEqual(shape(sig), [("compute.release_resources", "default"),
                                      ("compute.mark_deleted", "default")])

    def test_steps_are_immutable_so_results_never_leak_into_arguments(self):
        for t in workflows.host_boot("u", "wf-host", "r").tasks:
            self.assertTrue(t.immutable)

    def test_every_named_task_is_registered(self):
        from cloudproject.celery import app

        names = {"scheduler.schedule_instance", "compute.spawn_domain", "compute.mark_active",
                 "compute.complete_action", "compute.destroy_domain",
                 "compute.release_resources", "compute.mark_deleted", "compute.report_host",
                 "compute.sync_power_states", *workflows.POWER_STEPS.values()}
        self.assertLessEqual(names, set(app.tasks))
