"""Quota service: limits fall back user → project → 'default' class → settings, and checks
made inside concurrent create transactions never let two creates share the last unit."""
import threading
import time

from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase, override_settings

from compute import quotas
from compute.models import Instance
from tests.factories import make_flavor, make_instance


class LimitTests(TestCase):
    @override_settings(QUOTA_CORES=7)
    def test_settings_then_default_class_then_project_then_user(self):
        self.assertEqual(quotas.limits("p")["cores"], 7)
        quotas.set_class_limits("default", {"cores": 8})
        self.assertEqual(quotas.limits("p")["cores"], 8)
        quotas.set_limits("p", {"cores": 9})
        self.assertEqual(quotas.limits("p")["cores"], 9)
        quotas.set_limits("p", {"cores": 3}, user_id="u")
        self.assertEqual((quotas.limits("p", "u")["cores"], quotas.limits("p", "v")["cores"]),
                         (3, 9))

    def test_other_classes_fall_back_to_settings_not_to_default(self):
        quotas.set_class_limits("default", {"ram": 1})
        self.assertEqual(quotas.class_limits("gold")["ram"], 51200)

    def test_unknown_resource_is_refused(self):
        with self.assertRaises(quotas.InvalidQuota):
            quotas.set_limits("p", {"gpus": 1})

    def test_project_limit_cannot_go_below_what_its_users_were_given(self):
        quotas.set_limits("p", {"instances": 4}, user_id="u")
        with self.assertRaises(quotas.InvalidQuota):
            quotas.set_limits("p", {"instances": 3})
        quotas.set_limits("p", {"instances": 4})

    def test_unlimited_skips_the_check(self):
        quotas.set_limits("p", {"instances": -1, "cores": -1, "ram": -1})
        make_instance(project_id="p", vcpus=500)
        quotas.check_instance_quota("p", "u", 100, 64, 10**6)


class ConcurrentCreateTests(TransactionTestCase):
    """Threads with their own connections race for the project's last instance."""

    def test_two_creates_racing_for_the_last_instance_one_wins(self):
        quotas.set_limits("race", {"instances": 1})
        flavor = make_flavor(vcpus=1, memory_mb=64)
        results = []
        barrier = threading.Barrier(2)

        def create():
            try:
                barrier.wait()
                with transaction.atomic():
                    quotas.check_instance_quota("race", "u", 1, 1, 64)
                    time.sleep(0.2)  # without the lock, the other check would pass meanwhile
                    make_instance(project_id="race", flavor=flavor)
                results.append("created")
            except quotas.QuotaExceeded:
                results.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=create) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(results), ["created", "refused"])
        self.assertEqual(Instance.objects.filter(project_id="race").count(), 1)
