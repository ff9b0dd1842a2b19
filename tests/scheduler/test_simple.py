"""The least-loaded algorithm and select_and_claim."""
from django.test import TestCase, override_settings

from scheduler import services
from scheduler.algorithms.base import NoValidHost
from tests.factories import make_flavor, make_host, make_instance


@override_settings(SCHEDULER_DRIVER="scheduler.algorithms.simple.SimpleScheduler")
class SimpleSchedulerTests(TestCase):
    def setUp(self):
        self.flavor = make_flavor(vcpus=1, memory_mb=1024, root_gb=1)

    def test_picks_the_host_with_most_free_ram(self):
        make_host("small", memory_mb=4096)
        make_host("big", memory_mb=8192)
        self.assertEqual(services.select_and_claim(make_instance(flavor=self.flavor)).name, "big")

    def test_spreads_as_usage_grows(self):
        make_host("a", memory_mb=4096)
        make_host("b", memory_mb=4096)
        names = [services.select_and_claim(make_instance(flavor=self.flavor)).name
                 for _ in range(4)]
        self.assertEqual(sorted(names), ["a", "a", "b", "b"])

    def test_disabled_and_down_hosts_are_never_chosen(self):
        make_host("off", enabled=False)
        make_host("dead", last_heartbeat=None)
        with self.assertRaisesRegex(NoValidHost, "No compute host is enabled and up"):
            services.select_and_claim(make_instance(flavor=self.flavor))

    def test_requested_availability_zone_is_honoured(self):
        make_host("in-a", availability_zone="a", memory_mb=2048)
        make_host("in-b", availability_zone="b", memory_mb=8192)
        instance = make_instance(flavor=self.flavor, requested_availability_zone="a")
        self.assertEqual(services.select_and_claim(instance).name, "in-a")

    def test_hosts_already_tried_are_excluded(self):
        make_host("tried", memory_mb=8192)
        make_host("fresh", memory_mb=2048)
        instance = make_instance(flavor=self.flavor, tried_hosts=["tried"])
        self.assertEqual(services.select_and_claim(instance).name, "fresh")

    def test_no_room_explains_in_one_line(self):
        make_host("h", memory_mb=512)
        with self.assertRaises(NoValidHost) as ctx:
            services.select_and_claim(make_instance(flavor=self.flavor))
        message = str(ctx.exception)
        self.assertEqual(message, "No valid host was found: 1 host; ram excluded 1 "
                                  "(needs 1024 MB RAM, most free 512 MB)")
