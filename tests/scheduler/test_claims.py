"""Claims: atomic against concurrent claimers, released exactly once, audited."""
import threading

from django.db import connection
from django.test import TestCase, TransactionTestCase

from compute.models import Host
from scheduler import claims
from scheduler.models import Allocation
from tests.factories import make_flavor, make_host, make_instance


class ClaimTests(TestCase):
    def setUp(self):
        # room for exactly 2 instances of 2 GiB: 4096 MB RAM at ratio 1.0, nothing reserved
        self.host = make_host(vcpus=4, memory_mb=4096, local_gb=100)
        self.flavor = make_flavor(vcpus=1, memory_mb=2048, root_gb=10)

    def test_claim_adds_usage_and_an_allocation(self):
        instance = make_instance(flavor=self.flavor)
        self.assertTrue(claims.claim(instance, self.host))
        self.host.refresh_from_db()
        self.assertEqual((self.host.vcpus_used, self.host.memory_mb_used,
                          self.host.local_gb_used), (1, 2048, 10))

    def test_claim_beyond_capacity_fails_and_changes_nothing(self):
        for _ in range(2):
            self.assertTrue(claims.claim(make_instance(flavor=self.flavor), self.host))
        self.assertFalse(claims.claim(make_instance(flavor=self.flavor), self.host))
        self.host.refresh_from_db()
        self.assertEqual(self.host.memory_mb_used, 4096)
        self.assertEqual(Allocation.objects.count(), 2)

    def test_reserved_memory_counts_against_capacity(self):
        Host.objects.filter(pk=self.host.pk).update(reserved_memory_mb=1024)
        claims.claim(make_instance(flavor=self.flavor), self.host)
        self.assertFalse(claims.claim(make_instance(flavor=self.flavor), self.host))

    def test_cpu_allocation_ratio_overcommits_vcpus(self):
        big = make_flavor(vcpus=16, memory_mb=1, root_gb=0)  # 4 vCPU x ratio 4.0 = 16
        self.assertTrue(claims.claim(make_instance(flavor=big), self.host))
        self.assertFalse(claims.claim(make_instance(flavor=big), self.host))

    def test_second_claim_of_the_same_instance_is_a_no_op(self):
        instance = make_instance(flavor=self.flavor)
        claims.claim(instance, self.host)
        self.assertTrue(claims.claim(instance, self.host))
        self.host.refresh_from_db()
        self.assertEqual(self.host.memory_mb_used, 2048)

    def test_claim_host_returns_the_host_it_claimed(self):
        Host.objects.filter(pk=self.host.pk).update(availability_zone="az9")
        instance = make_instance(flavor=self.flavor)
        claimed = claims.claim_host(instance, self.host.pk)
        self.assertEqual((claimed.pk, claimed.name, claimed.availability_zone),
                         (self.host.pk, self.host.name, "az9"))
        self.assertEqual(claimed.memory_mb_used, 2048)  # the rest loads on access
        self.assertEqual(claims.claim_host(instance, self.host.pk).pk, self.host.pk)

    def test_an_instance_holding_a_claim_cannot_claim_another_host(self):
        other = make_host(vcpus=4, memory_mb=4096, local_gb=100)
        instance = make_instance(flavor=self.flavor)
        claims.claim(instance, self.host)
        self.assertIsNone(claims.claim_host(instance, other.pk))
        other.refresh_from_db()
        self.assertEqual(other.memory_mb_used, 0)
        self.assertEqual(Allocation.objects.get(instance=instance).host_id, self.host.pk)

    def test_release_gives_back_exactly_once(self):
        instance = make_instance(flavor=self.flavor)
        claims.claim(instance, self.host)
        self.assertTrue(claims.release(instance))
        self.assertFalse(claims.release(instance))
        self.host.refresh_from_db()
        self.assertEqual((self.host.vcpus_used, self.host.memory_mb_used), (0, 0))

    def test_audit_heals_drift(self):
        claims.claim(make_instance(flavor=self.flavor), self.host)
        Host.objects.filter(pk=self.host.pk).update(memory_mb_used=999)
        drift = claims.audit()
        self.assertEqual(drift, [(self.host.name, (1, 999, 10), (1, 2048, 10))])
        self.host.refresh_from_db()
        self.assertEqual(self.host.memory_mb_used, 2048)

    def test_audit_without_drift_reports_nothing(self):
        claims.claim(make_instance(flavor=self.flavor), self.host)
        self.assertEqual(claims.audit(), [])


class ConcurrentClaimTests(TransactionTestCase):
    """Many threads, each with its own database connection, claim at once."""

    def test_concurrent_claims_never_overcommit(self):
        host = make_host(vcpus=64, memory_mb=5 * 1024, local_gb=1000)
        flavor = make_flavor(vcpus=1, memory_mb=1024, root_gb=1)
        instances = [make_instance(flavor=flavor) for _ in range(12)]
        results = []
        barrier = threading.Barrier(len(instances))

        def claim(instance):
            try:
                barrier.wait()
                results.append(claims.claim(instance, host))
            finally:
                connection.close()

        threads = [threading.Thread(target=claim, args=(i,)) for i in instances]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        host.refresh_from_db()
        self.assertEqual(results.count(True), 5)
        self.assertEqual(host.memory_mb_used, 5 * 1024)
        self.assertEqual(Allocation.objects.count(), 5)

    def test_concurrent_releases_count_once(self):
        host = make_host()
        instance = make_instance(flavor=make_flavor(memory_mb=1024))
        claims.claim(instance, host)
        results = []

        def release():
            try:
                results.append(claims.release(instance))
            finally:
                connection.close()

        threads = [threading.Thread(target=release) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        host.refresh_from_db()
        self.assertEqual(results.count(True), 1)
        self.assertEqual(host.memory_mb_used, 0)
