"""The scheduler's admin pages: decisions read-only and readable, aggregates keep zones."""
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from scheduler import services
from scheduler.algorithms.base import NoValidHost
from scheduler.models import Aggregate, SchedulingDecision
from tests.factories import make_flavor, make_host, make_instance


class SchedulerAdminTests(TestCase):
    def setUp(self):
        user = get_user_model().objects.create_superuser("op", "op@example.com", "secret")
        self.client.force_login(user)
        self.host = make_host("adm-host", memory_mb=4096)
        self.instance = make_instance(flavor=make_flavor(memory_mb=8192))
        with self.assertRaises(NoValidHost):
            services.select_and_claim(self.instance)
        self.decision = SchedulingDecision.objects.get()

    def test_decision_page_renders_the_filter_table(self):
        url = reverse("admin:scheduler_schedulingdecision_change", args=[self.decision.pk])
        response = self.client.get(url)
        self.assertContains(response, "<th>rejected hosts</th>", html=False)
        self.assertContains(response, "adm-host: ram: needs 8192 MB, 4096 free")

    def test_decisions_cannot_be_changed_or_added(self):
        response = self.client.get(reverse("admin:scheduler_schedulingdecision_add"))
        self.assertEqual(response.status_code, 403)

    def test_instance_page_links_its_decisions(self):
        url = reverse("admin:compute_instance_change", args=[self.instance.pk])
        decision_url = reverse("admin:scheduler_schedulingdecision_change",
                               args=[self.decision.pk])
        self.assertContains(self.client.get(url), decision_url)

    def test_changelists_render(self):
        for name in ("schedulingdecision", "aggregate", "servergroup", "allocation"):
            response = self.client.get(reverse(f"admin:scheduler_{name}_changelist"))
            self.assertEqual(response.status_code, 200, name)

    def test_aggregate_saved_in_the_admin_moves_its_hosts_into_the_zone(self):
        response = self.client.post(reverse("admin:scheduler_aggregate_add"), {
            "name": "rack-1", "metadata": '{"availability_zone": "az1"}',
            "hosts": [self.host.pk]})
        self.assertEqual(response.status_code, 302)
        self.host.refresh_from_db()
        self.assertEqual(self.host.availability_zone, "az1")
        aggregate = Aggregate.objects.get()
        url = reverse("admin:scheduler_aggregate_change", args=[aggregate.pk])
        self.client.post(url, {"name": "rack-1", "metadata": '{"availability_zone": "az1"}',
                               "hosts": []})
        self.host.refresh_from_db()
        self.assertEqual(self.host.availability_zone, "nova")

    def test_aggregate_admin_refuses_a_second_zone_for_a_host(self):
        self.client.post(reverse("admin:scheduler_aggregate_add"), {
            "name": "rack-1", "metadata": '{"availability_zone": "az1"}',
            "hosts": [self.host.pk]})
        response = self.client.post(reverse("admin:scheduler_aggregate_add"), {
            "name": "rack-2", "metadata": '{"availability_zone": "az2"}',
            "hosts": [self.host.pk]})
        self.assertContains(response, "a host can only be in one zone")

    def test_host_zone_is_read_only_as_zones_come_from_aggregates(self):
        url = reverse("admin:compute_host_change", args=[self.host.pk])
        page = self.client.get(url).content.decode()
        self.assertNotIn('name="availability_zone"', page)
        self.assertIn('name="ram_allocation_ratio"', page)
