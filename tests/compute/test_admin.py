"""The operator dashboard: lists render, and every change goes through the services."""
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from compute import states
from compute.models import Instance, InstanceAction
from tests.factories import make_action, make_flavor, make_host, make_image, make_instance


class AdminTestCase(TestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("operator", "op@example.com",
                                                              "secret")
        self.client.force_login(self.user)
        self.host = make_host("compute-1", vcpus=4, cpu_allocation_ratio=4.0, vcpus_used=3)

    def post_action(self, model, action, objs, **extra):
        """Run an admin action on `objs`; on_commit callbacks are captured, not run."""
        data = {"action": action, "_selected_action": [obj.pk for obj in objs], **extra}
        url = reverse(f"admin:compute_{model}_changelist")
        with self.captureOnCommitCallbacks(execute=False) as self.callbacks:
            return self.client.post(url, data, follow=True)

    def messages(self, response):
        return [str(message) for message in response.context["messages"]]


class ListTests(AdminTestCase):
    def test_instance_changelist_renders_every_state(self):
        names = []
        for vm_state, task_state in [(states.ACTIVE, None), (states.STOPPED, None),
                                     (states.BUILDING, states.Task.SCHEDULING),
                                     (states.ACTIVE, states.Task.REBOOTING)]:
            instance = make_instance(vm_state, task_state, host=self.host)
            names.append(instance.display_name)
        make_instance(states.ERROR, fault={"code": 500, "message": "boom", "details": ""})
        response = self.client.get(reverse("admin:compute_instance_changelist"))
        self.assertEqual(response.status_code, 200)
        for name in names:
            self.assertContains(response, name)
        for status in ("ACTIVE", "SHUTOFF", "BUILD", "REBOOT", "ERROR", "Running"):
            self.assertContains(response, status)

    def test_deleted_instances_show_only_when_filtered(self):
        gone = make_instance(states.DELETED, power_state=0)
        url = reverse("admin:compute_instance_changelist")
        self.assertNotContains(self.client.get(url), gone.display_name)
        response = self.client.get(url, {"vm_state": states.DELETED})
        self.assertContains(response, gone.display_name)

    def test_task_state_filter_selects_idle_instances(self):
        idle = make_instance(host=self.host)
        busy = make_instance(task_state=states.Task.POWERING_OFF, host=self.host)
        response = self.client.get(reverse("admin:compute_instance_changelist"),
                                   {"task_state": "none"})
        self.assertContains(response, idle.display_name)
        self.assertNotContains(response, busy.display_name)

    def test_host_changelist_shows_usage_and_live_instance_count(self):
        make_instance(host=self.host)
        make_instance(states.DELETED, host=self.host)
        response = self.client.get(reverse("admin:compute_host_changelist"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "3 / 16")
        self.assertContains(response, '<td class="field-instance_count">1</td>', html=True)

    def test_catalog_and_records_render(self):
        instance = make_instance(host=self.host, image=make_image(with_file=False))
        action = make_action(instance, events=[("spawn_domain", "Success", "")])
        for name in ("flavor", "image", "instanceaction"):
            response = self.client.get(reverse(f"admin:compute_{name}_changelist"))
            self.assertEqual(response.status_code, 200, name)
        url = reverse("admin:compute_instanceaction_change", args=[action.pk])
        self.assertContains(self.client.get(url), "spawn_domain")
        response = self.client.get(reverse("admin:scheduler_allocation_changelist"))
        self.assertEqual(response.status_code, 200)


class LifecycleActionTests(AdminTestCase):
    def test_stop_action_starts_powering_off_and_records_action(self):
        instances = [make_instance(host=self.host) for _ in range(2)]
        response = self.post_action("instance", "stop", instances)
        self.assertIn("Stop requested for 2 instances", self.messages(response))
        self.assertEqual(len(self.callbacks), 2)
        for instance in instances:
            instance.refresh_from_db()
            self.assertEqual(instance.task_state, states.Task.POWERING_OFF)
            action = InstanceAction.objects.get(instance=instance)
            self.assertEqual((action.action, action.user_id), ("stop", str(self.user.pk)))

    def test_stop_on_stopped_instance_is_an_error_message(self):
        instance = make_instance(states.STOPPED, host=self.host, power_state=4)
        response = self.post_action("instance", "stop", [instance])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(any("Cannot 'stop' instance" in m for m in self.messages(response)))
        instance.refresh_from_db()
        self.assertEqual((instance.vm_state, instance.task_state), (states.STOPPED, None))
        self.assertFalse(InstanceAction.objects.filter(instance=instance).exists())
        self.assertEqual(self.callbacks, [])

    def test_hard_reboot_and_reset_call_their_services(self):
        stopped = make_instance(states.STOPPED, host=self.host, power_state=4)
        self.post_action("instance", "reboot_hard", [stopped])
        stopped.refresh_from_db()
        self.assertEqual(stopped.task_state, states.Task.REBOOTING_HARD)
        self.post_action("instance", "reset_error", [stopped])
        stopped.refresh_from_db()
        self.assertEqual((stopped.vm_state, stopped.task_state), (states.ERROR, None))


class CreateTests(AdminTestCase):
    def setUp(self):
        super().setUp()
        self.flavor = make_flavor("m1.small", memory_mb=512, root_gb=0)
        self.image = make_image(with_file=False)

    def post_create(self, **fields):
        data = {"name": "web", "flavor": self.flavor.pk, "image": self.image.pk, "count": 1,
                "availability_zone": "", "project_id": "admin", **fields}
        with self.captureOnCommitCallbacks(execute=False) as self.callbacks:
            return self.client.post(reverse("admin:compute_instance_add"), data)

    def test_add_page_renders_the_create_form(self):
        response = self.client.get(reverse("admin:compute_instance_add"))
        self.assertContains(response, 'name="count"')
        self.assertContains(response, 'value="admin"')

    def test_add_creates_through_the_service(self):
        response = self.post_create()
        instance = Instance.objects.get(display_name="web")
        self.assertRedirects(response, reverse("admin:compute_instance_change",
                                               args=[instance.pk]))
        self.assertEqual((instance.vm_state, instance.task_state),
                         (states.BUILDING, states.Task.SCHEDULING))
        self.assertEqual((instance.user_id, instance.project_id), (str(self.user.pk), "admin"))
        self.assertEqual(instance.actions.get().action, "create")
        self.assertEqual(len(self.callbacks), 1)

    def test_add_with_count_creates_several(self):
        response = self.post_create(count=2)
        self.assertRedirects(response, reverse("admin:compute_instance_changelist"))
        self.assertEqual(sorted(Instance.objects.values_list("display_name", flat=True)),
                         ["web-1", "web-2"])

    def test_flavor_too_small_for_image_is_a_form_error(self):
        self.image.min_ram = 2048
        self.image.save()
        response = self.post_create()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Flavor&#x27;s memory is too small for requested image.")
        self.assertFalse(Instance.objects.exists())


class ChangeAndDeleteTests(AdminTestCase):
    def test_change_saves_only_the_editable_fields(self):
        instance = make_instance(host=self.host)
        Instance.objects.filter(pk=instance.pk).update(task_state=states.Task.PAUSING)
        data = {"display_name": "renamed", "description": "", "metadata": '{"a": "1"}',
                "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0", "_save": "Save"}
        url = reverse("admin:compute_instance_change", args=[instance.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        instance.refresh_from_db()
        self.assertEqual((instance.display_name, instance.metadata), ("renamed", {"a": "1"}))
        self.assertEqual(instance.task_state, states.Task.PAUSING)

    def test_delete_view_requests_delete_and_keeps_the_row(self):
        instance = make_instance(host=self.host)
        url = reverse("admin:compute_instance_delete", args=[instance.pk])
        self.assertContains(self.client.get(url), instance.display_name)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            response = self.client.post(url, {"post": "yes"})
        self.assertRedirects(response, reverse("admin:compute_instance_changelist"))
        instance.refresh_from_db()
        self.assertEqual(instance.task_state, states.Task.DELETING)
        self.assertEqual(instance.actions.get().action, "delete")
        self.assertEqual(len(callbacks), 1)

    def test_bulk_delete_confirms_then_goes_through_the_service(self):
        instance = make_instance(host=self.host)
        response = self.post_action("instance", "delete_selected", [instance])
        self.assertContains(response, "Are you sure")
        self.assertIsNone(Instance.objects.get(pk=instance.pk).task_state)
        response = self.post_action("instance", "delete_selected", [instance], post="yes")
        self.assertIn("Delete requested for 1 instance", self.messages(response))
        self.assertEqual(Instance.objects.get(pk=instance.pk).task_state,
                         states.Task.DELETING)

    def test_change_page_renders_the_timeline(self):
        instance = make_instance(host=self.host, fault={
            "code": 500, "message": "spawn failed", "details": "Trace", "created": "now"})
        make_action(instance, events=[("schedule_instance", "Success", ""),
                                      ("spawn_domain", "Error", "Traceback <script>x")])
        make_action(instance, action="stop", events=[("power_off_domain", "Success", "")])
        url = reverse("admin:compute_instance_change", args=[instance.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        for name in ("schedule_instance", "spawn_domain", "power_off_domain", "spawn failed"):
            self.assertContains(response, name)
        self.assertContains(response, "<details><summary>traceback</summary>")
        self.assertContains(response, "Traceback &lt;script&gt;x")
        self.assertNotContains(response, "<script>x")


class HostActionTests(AdminTestCase):
    def test_disable_sets_enabled_false_with_a_reason(self):
        response = self.post_action("host", "disable_hosts", [self.host])
        self.assertIn("Disabled 1 host", self.messages(response))
        self.host.refresh_from_db()
        self.assertFalse(self.host.enabled)
        self.assertEqual(self.host.disabled_reason, "disabled from the dashboard by operator")

    def test_enable_clears_the_reason(self):
        self.host.enabled, self.host.disabled_reason = False, "maintenance"
        self.host.save()
        self.post_action("host", "enable_hosts", [self.host])
        self.host.refresh_from_db()
        self.assertEqual((self.host.enabled, self.host.disabled_reason), (True, ""))

    def test_host_change_page_shows_unknown_domains(self):
        self.host.unknown_domains = ["stray-vm"]
        self.host.save()
        response = self.client.get(reverse("admin:compute_host_change", args=[self.host.pk]))
        self.assertContains(response, "stray-vm")
