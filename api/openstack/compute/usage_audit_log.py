"""/os-instance_usage_audit_log[/{before}] (admin only): the state of the per-host instance
usage audit for the last completed month (Nova's default audit period), in Nova's shape.
This cloud runs no usage audit task (Nova's instance_usage_audit, off by default), so,
as a Nova with the task off does, it reports every compute host as not run."""
from datetime import UTC, datetime

from django.urls import re_path

from api.errors import BadRequest
from api.openstack.compute.routing import V21
from api.views import AdminView, ok
from compute.models import Host


def _month_start(year, month):
    if month < 1:
        year, month = year - 1, month + 12
    return datetime(year, month, 1)


def last_completed_month(before):
    """(begin, end) of the last month that ended before `before` (naive UTC), as Nova's
    last_completed_audit_period('month')."""
    end = _month_start(before.year, before.month)
    if end >= before:
        end = _month_start(before.year, before.month - 1)
    return _month_start(end.year, end.month - 1), end


def parse_before(text):
    """Nova's accepted forms: 'YYYY-MM-DD HH:MM:SS' with optional '.ffffff'; else 400."""
    form = "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M:%S"
    try:
        return datetime.strptime(text, form)
    except ValueError:
        raise BadRequest(f"Invalid timestamp for date {text}") from None


def audit_log(before):
    """The audit state of the period before `before`: no host has run the task."""
    begin, end = last_completed_month(before)
    hosts = sorted(Host.objects.values_list("name", flat=True))
    done = "ALL" if not hosts else f"0 of {len(hosts)}"  # Nova's wording, 0 done
    return {"hosts_not_run": hosts, "log": {}, "num_hosts": len(hosts),
            "num_hosts_done": 0, "num_hosts_not_run": len(hosts), "num_hosts_running": 0,
            "overall_status": f"{done} hosts done. 0 errors.",
            "period_beginning": str(begin), "period_ending": str(end),
            "total_errors": 0, "total_instances": 0}


class AuditLogView(AdminView):
    rule = "list"

    def policy_name(self):
        return f"os_compute_api:os-instance-usage-audit-log:{self.rule}"


class AuditLogList(AuditLogView):
    """GET /os-instance_usage_audit_log: the last completed period."""

    def get(self, request):
        now = datetime.now(UTC).replace(tzinfo=None)
        return ok({"instance_usage_audit_logs": audit_log(now)})


class AuditLogItem(AuditLogView):
    """GET /os-instance_usage_audit_log/{before}: the last period completed before then."""

    rule = "show"

    def get(self, request, before):
        return ok({"instance_usage_audit_log": audit_log(parse_before(before))})


routes = [
    re_path(rf"{V21}/os-instance_usage_audit_log/?$", AuditLogList.as_view()),
    re_path(rf"{V21}/os-instance_usage_audit_log/(?P<before>[^/]+)/?$",
            AuditLogItem.as_view()),
]
