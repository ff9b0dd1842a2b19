"""The uptime line and IP a host worker reports about itself."""
import ipaddress
import os
import tempfile
import time

from django.test import SimpleTestCase, TestCase

from compute import host_facts, host_state
from tests.eager import EagerFlowMixin


class UptimeLineTests(SimpleTestCase):
    def proc(self, uptime, loadavg):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        directory = tmp.name
        for name, text in (("uptime", uptime), ("loadavg", loadavg)):
            with open(os.path.join(directory, name), "w") as f:
                f.write(text)
        return directory

    def test_days_hours_and_load_as_uptime_prints_them(self):
        proc = self.proc("8102745.12 1234.5\n", "0.20 0.12 0.14 1/234 5678\n")
        line = host_facts.uptime_line(proc, now=time.mktime((2024, 1, 1, 8, 32, 11, 0, 1, -1)))
        self.assertEqual(line, " 08:32:11 up 93 days, 18:45,  load average: 0.20, 0.12, 0.14")

    def test_under_an_hour_counts_minutes(self):
        line = host_facts.uptime_line(self.proc("125.0 1.0", "1.00 2.00 3.00 1/1 1"))
        self.assertIn(" up 2 min,  load average: 1.00, 2.00, 3.00", line)

    def test_unreadable_proc_is_empty(self):
        self.assertEqual(host_facts.uptime_line("/nonexistent"), "")

    def test_host_ip_is_an_address_or_none(self):
        value = host_facts.host_ip()
        if value is not None:
            ipaddress.ip_address(value)


class ReportTests(EagerFlowMixin, TestCase):
    def test_report_records_uptime_and_ip(self):
        host = host_state.report("facts-host")
        host.refresh_from_db()
        self.assertIn(" up ", host.uptime)
        self.assertIn("load average:", host.uptime)
