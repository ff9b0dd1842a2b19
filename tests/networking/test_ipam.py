"""IPAM: lowest free address, requested addresses, exhaustion, release, concurrent allocators."""
import threading

from django.db import connection
from django.test import TestCase, TransactionTestCase

from networking import errors, ipam, ports
from networking.models import FixedIP, Port
from tests.factories import make_network


def _port(network):
    return ports.create_port(network=network, project_id="project-a", fixed_ips=[])


class DefaultPoolTests(TestCase):
    def test_pools_leave_out_network_broadcast_and_gateway(self):
        self.assertEqual(ipam.default_pools("10.0.0.0/24", "10.0.0.1"),
                         [{"start": "10.0.0.2", "end": "10.0.0.254"}])

    def test_gateway_in_the_middle_splits_the_pool(self):
        self.assertEqual(ipam.default_pools("10.0.0.0/29", "10.0.0.3"),
                         [{"start": "10.0.0.1", "end": "10.0.0.2"},
                          {"start": "10.0.0.4", "end": "10.0.0.6"}])

    def test_no_gateway_gives_every_host_address(self):
        self.assertEqual(ipam.default_pools("192.168.5.0/30", None),
                         [{"start": "192.168.5.1", "end": "192.168.5.2"}])


class AssignTests(TestCase):
    def setUp(self):
        self.network = make_network(cidr="10.1.0.0/29")  # hosts .1-.6, gateway .1
        self.subnet = self.network.subnets.get()

    def test_addresses_come_lowest_first(self):
        got = [ipam.assign(_port(self.network), self.subnet).ip_address for _ in range(3)]
        self.assertEqual(got, ["10.1.0.2", "10.1.0.3", "10.1.0.4"])

    def test_a_released_address_is_handed_out_again_first(self):
        first = _port(self.network)
        ipam.assign(first, self.subnet)
        ipam.assign(_port(self.network), self.subnet)
        self.assertEqual(ipam.release(first), 1)
        self.assertEqual(ipam.assign(_port(self.network), self.subnet).ip_address, "10.1.0.2")

    def test_requested_address_is_given(self):
        fixed = ipam.assign(_port(self.network), self.subnet, "10.1.0.5")
        self.assertEqual(fixed.ip_address, "10.1.0.5")

    def test_requested_address_in_use_is_refused(self):
        ipam.assign(_port(self.network), self.subnet, "10.1.0.5")
        with self.assertRaises(errors.IpAddressAlreadyAllocated):
            ipam.assign(_port(self.network), self.subnet, "10.1.0.5")
        self.assertEqual(FixedIP.objects.filter(ip_address="10.1.0.5").count(), 1)

    def test_gateway_network_broadcast_and_foreign_addresses_are_refused(self):
        for address in ("10.1.0.1", "10.1.0.0", "10.1.0.7", "10.9.0.2"):
            with self.subTest(address=address), self.assertRaises(errors.InvalidIpForSubnet):
                ipam.assign(_port(self.network), self.subnet, address)

    def test_garbage_address_is_invalid_input(self):
        with self.assertRaises(errors.InvalidInput):
            ipam.assign(_port(self.network), self.subnet, "10.1.0.300")

    def test_full_subnet_refuses_with_generation_failure(self):
        for _ in range(5):  # .2 - .6
            ipam.assign(_port(self.network), self.subnet)
        with self.assertRaises(errors.IpAddressGenerationFailure):
            ipam.assign(_port(self.network), self.subnet)


class ConcurrentAssignTests(TransactionTestCase):
    """Many allocators at once (threads, each with its own connection) never share an address,
    on SQLite and PostgreSQL alike."""

    def test_concurrent_allocators_get_distinct_lowest_addresses(self):
        network = make_network(cidr="10.2.0.0/24")
        subnet = network.subnets.get()
        port_ids = [_port(network).id for _ in range(12)]
        results, failures = [], []
        barrier = threading.Barrier(len(port_ids))

        def allocate(port_id):
            try:
                barrier.wait()
                results.append(ipam.assign(Port.objects.get(id=port_id), subnet).ip_address)
            except Exception as exc:  # recorded: the assertion below shows it
                failures.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=allocate, args=(p,)) for p in port_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        self.assertEqual(sorted(results, key=lambda a: int(a.rsplit(".", 1)[1])),
                         [f"10.2.0.{n}" for n in range(2, 14)])
        self.assertEqual(FixedIP.objects.filter(subnet=subnet).count(), 12)
