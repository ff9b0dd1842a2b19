"""compute.control_services: registration, heartbeat on a real timer, which queues mean
which services."""
import time

from celery.utils.timer2 import Timer
from django.contrib.auth import get_user_model
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from compute import control_services
from compute.service_models import ControlService


class ControlServiceTests(TransactionTestCase):
    def test_scheduler_and_default_queues_are_scheduler_and_conductor(self):
        self.assertEqual(control_services.binaries_for(["scheduler", "default"]),
                         ["nova-conductor", "nova-scheduler"])
        self.assertEqual(control_services.binaries_for(["host.h1"]), [])

    def test_report_registers_once_then_refreshes(self):
        control_services.report("ctl", ["nova-scheduler"])
        first = ControlService.objects.get()
        control_services.report("ctl", ["nova-scheduler"])
        again = ControlService.objects.get()
        self.assertEqual(again.uuid, first.uuid)
        self.assertGreater(again.last_heartbeat, first.last_heartbeat)
        self.assertTrue(again.is_up)

    def test_a_deleted_record_comes_back_at_the_next_report(self):
        control_services.report("ctl", ["nova-conductor"])
        control_services.delete_service(ControlService.objects.get())
        control_services.report("ctl", ["nova-conductor"])
        self.assertEqual(ControlService.objects.count(), 1)

    def test_keep_reporting_heartbeats_on_the_timer(self):
        timer = Timer()
        self.addCleanup(timer.stop)
        control_services.keep_reporting(timer, "ctl", ["nova-scheduler"], 0.05)
        deadline = time.monotonic() + 10
        beats = set()
        while len(beats) < 2 and time.monotonic() < deadline:
            row = ControlService.objects.filter(host="ctl").first()
            if row:
                beats.add(row.last_heartbeat)
            time.sleep(0.02)
        self.assertGreaterEqual(len(beats), 2)


class ControlServiceAdminTests(TestCase):
    def test_changelist_shows_each_service_up_or_down_and_is_read_only(self):
        user = get_user_model().objects.create_superuser("operator", "op@example.com", "x")
        self.client.force_login(user)
        control_services.report("ctl-admin", ["nova-scheduler"])
        response = self.client.get(reverse("admin:compute_controlservice_changelist"))
        self.assertContains(response, "ctl-admin")
        self.assertNotContains(response, reverse("admin:compute_controlservice_add"))
