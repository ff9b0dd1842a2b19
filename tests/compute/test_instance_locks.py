"""compute.drivers.instance_locks: one holder per instance uuid, none across uuids."""
import threading
import unittest

from compute.drivers.instance_locks import instance_lock, users


class InstanceLockTests(unittest.TestCase):
    def test_a_second_caller_waits_for_the_first_and_the_entry_goes_after(self):
        order = []
        with instance_lock("a"):
            second = threading.Thread(target=self.record, args=("a", order))
            second.start()
            while users("a") < 2 and second.is_alive():
                second.join(0.01)
            order.append("first done")
        second.join(30)
        self.assertEqual(order, ["first done", "second"])
        self.assertEqual(users("a"), 0)

    def test_other_instances_are_not_held_up(self):
        with instance_lock("a"):
            other = threading.Thread(target=self.record, args=("b", []))
            other.start()
            other.join(30)
            self.assertFalse(other.is_alive())
            self.assertEqual(users("a"), 1)

    def test_the_lock_is_released_when_the_block_raises(self):
        with self.assertRaises(RuntimeError), instance_lock("a"):
            raise RuntimeError("spawn failed")
        self.assertEqual(users("a"), 0)
        with instance_lock("a"):
            self.assertEqual(users("a"), 1)

    @staticmethod
    def record(uuid, order):
        with instance_lock(uuid):
            order.append("second")
