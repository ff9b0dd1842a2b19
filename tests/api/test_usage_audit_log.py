"""Compute /os-instance_usage_audit_log[/{before}]: the last completed month, every host
reported as not run (this cloud runs no usage audit), admin only, 400 on a bad timestamp."""
from datetime import UTC, datetime
from urllib.parse import quote

import jsonschema

from api.openstack.compute.usage_audit_log import last_completed_month
from tests.api.base import ApiTestCase
from tests.factories import make_host

AUDIT = "/compute/v2.1/os-instance_usage_audit_log"
INTEGER = {"type": "integer"}
# What Tempest's instance_usage_audit_logs schema requires (every key, nothing more).
LOG = {"type": "object", "additionalProperties": False,
       "required": ["hosts_not_run", "log", "num_hosts", "num_hosts_done",
                    "num_hosts_not_run", "num_hosts_running", "overall_status",
                    "period_beginning", "period_ending", "total_errors", "total_instances"],
       "properties": {"hosts_not_run": {"type": "array", "items": {"type": "string"}},
                      "log": {"type": "object"}, "num_hosts": INTEGER,
                      "num_hosts_done": INTEGER, "num_hosts_not_run": INTEGER,
                      "num_hosts_running": INTEGER, "overall_status": {"type": "string"},
                      "period_beginning": {"type": "string"},
                      "period_ending": {"type": "string"}, "total_errors": INTEGER,
                      "total_instances": INTEGER}}


def before(text):
    return f"{AUDIT}/{quote(text)}"


class UsageAuditLogTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        make_host("c2")
        make_host("c1", enabled=False)

    def test_list_reports_every_host_not_run(self):
        response = self.call("GET", AUDIT, as_user="admin")
        self.assertEqual(response.status_code, 200, response.content)
        log = response.json()["instance_usage_audit_logs"]
        jsonschema.validate(log, LOG)
        self.assertEqual(log["hosts_not_run"], ["c1", "c2"])
        self.assertEqual((log["num_hosts"], log["num_hosts_not_run"], log["num_hosts_done"],
                          log["num_hosts_running"], log["log"]), (2, 2, 0, 0, {}))
        self.assertEqual(log["overall_status"], "0 of 2 hosts done. 0 errors.")

    def test_list_covers_the_last_completed_month(self):
        log = self.call("GET", AUDIT, as_user="admin").json()["instance_usage_audit_logs"]
        begin, end = last_completed_month(datetime.now(UTC).replace(tzinfo=None))
        self.assertEqual((log["period_beginning"], log["period_ending"]),
                         (str(begin), str(end)))
        self.assertRegex(log["period_ending"], r"^\d{4}-\d\d-01 00:00:00$")

    def test_show_covers_the_month_completed_before_the_timestamp(self):
        for text, period in [
                ("2012-07-15 10:00:00", ("2012-06-01 00:00:00", "2012-07-01 00:00:00")),
                ("2012-07-01 00:00:00", ("2012-05-01 00:00:00", "2012-06-01 00:00:00")),
                ("2013-01-10 08:30:00.123456", ("2012-12-01 00:00:00", "2013-01-01 00:00:00")),
                ("2013-02-01 00:00:00.5", ("2013-01-01 00:00:00", "2013-02-01 00:00:00"))]:
            with self.subTest(text=text):
                response = self.call("GET", before(text), as_user="admin")
                self.assertEqual(response.status_code, 200, response.content)
                log = response.json()["instance_usage_audit_log"]
                jsonschema.validate(log, LOG)
                self.assertEqual((log["period_beginning"], log["period_ending"]), period)

    def test_no_hosts_reads_all_done(self):
        from compute.models import Host

        Host.objects.all().delete()
        log = self.call("GET", AUDIT, as_user="admin").json()["instance_usage_audit_logs"]
        self.assertEqual((log["num_hosts"], log["overall_status"]),
                         (0, "ALL hosts done. 0 errors."))

    def test_invalid_timestamp_is_400(self):
        for text in ("invalid_time", "2012-13-01 00:00:00", "2012-07-15T10:00:00"):
            with self.subTest(text=text):
                message = self.assert_error(self.call("GET", before(text), as_user="admin"),
                                            400, "badRequest")
                self.assertEqual(message, f"Invalid timestamp for date {text}")

    def test_admin_only(self):
        for user in ("alice", "reader"):
            with self.subTest(user=user):
                self.assert_error(self.call("GET", AUDIT, as_user=user), 403, "forbidden")
                message = self.assert_error(
                    self.call("GET", before("2012-07-15 10:00:00"), as_user=user), 403,
                    "forbidden")
                self.assertIn("os_compute_api:os-instance-usage-audit-log:show", message)
