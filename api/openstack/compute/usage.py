"""/os-simple-tenant-usage[/{project_id}]: hours, vCPU-, RAM- and disk-hours of the instances
running in a window (?start=&end=, UTC without zone), per project; admins see every project,
members their own. Paged by instance from 2.40."""
from datetime import UTC, datetime

from django.db.models import Q
from django.urls import re_path
from django.utils import timezone

from api import schemas
from api.errors import BadRequest
from api.openstack.compute import paging, policy, query
from api.openstack.compute.links import usage_time
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute.models import Instance

FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f")

SHOW_QUERY = query.QuerySchema({"start": query.TEXT, "end": query.TEXT, **query.PAGING})
LIST_QUERY = query.QuerySchema({**SHOW_QUERY.lenient["properties"], "detailed": query.TEXT})


def _moment(text):
    if not text:
        return timezone.now()
    for form in FORMATS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=UTC)
        except ValueError:
            pass
    raise BadRequest("Invalid datetime string: Datetime is in invalid format")


def window(query):
    """(start, stop) of the report; stop is at most now."""
    start, stop = _moment(query.get("start")), _moment(query.get("end"))
    if not start < stop:
        raise BadRequest("Invalid start time. The start time cannot occur after the end time.")
    return start, min(stop, timezone.now())


def hours(instance, start, stop):
    """Hours of the window the instance ran: from launch (or the window's start) to its end
    (or the window's stop); none before it launched."""
    launched, ended = instance.launched_at, instance.terminated_at
    if launched is None or launched > stop or (ended and ended < start):
        return 0.0
    return (min(stop, ended or stop) - max(launched, start)).total_seconds() / 3600.0


def server_usage(instance, start, stop):
    ended = instance.terminated_at
    uptime = (ended or timezone.now()) - instance.launched_at
    return {
        "instance_id": instance.uuid, "name": instance.display_name,
        "tenant_id": instance.project_id, "flavor": instance.instance_type_name,
        "hours": hours(instance, start, stop), "memory_mb": instance.memory_mb,
        "local_gb": instance.root_gb + instance.ephemeral_gb, "vcpus": instance.vcpus,
        "started_at": usage_time(instance.launched_at), "ended_at": usage_time(ended),
        "state": "terminated" if ended else instance.vm_state,
        "uptime": int(uptime.total_seconds()),
    }


def summarise(servers, start, stop, detailed):
    """One summary per project, in the order its first server comes."""
    summaries = {}
    for server in servers:
        summary = summaries.setdefault(server["tenant_id"], {
            "tenant_id": server["tenant_id"], "total_local_gb_usage": 0.0,
            "total_vcpus_usage": 0.0, "total_memory_mb_usage": 0.0, "total_hours": 0.0,
            "start": usage_time(start), "stop": usage_time(stop),
            **({"server_usages": []} if detailed else {})})
        summary["total_local_gb_usage"] += server["local_gb"] * server["hours"]
        summary["total_vcpus_usage"] += server["vcpus"] * server["hours"]
        summary["total_memory_mb_usage"] += server["memory_mb"] * server["hours"]
        summary["total_hours"] += server["hours"]
        if detailed:
            summary["server_usages"].append(server)
    return list(summaries.values())


class UsageView(OpenStackView):
    """The instances of one page in the window, rendered, and the next link."""

    def servers(self, request, collection, project_id=None):
        start, stop = window(request.GET)
        qs = Instance.objects.filter(launched_at__lt=stop).filter(
            Q(terminated_at__isnull=True) | Q(terminated_at__gt=start))
        if project_id is not None:
            qs = qs.filter(project_id=project_id)
        page, more = list(qs.order_by("created_at", "id")), []
        if self.version >= (2, 40):
            limit, marker = paging.limit_and_marker(request)
            page = paging.page(page, lambda i: i.uuid, limit, marker)
            more = paging.next_links(request, collection, len(page),
                                     page[-1].uuid if page else None)
        return [server_usage(instance, start, stop) for instance in page], (start, stop), more


class UsageList(UsageView):
    """GET /os-simple-tenant-usage (admin); ?detailed=1 adds each server."""

    def get(self, request):
        policy.require_admin(self.context, "os_compute_api:os-simple-tenant-usage:list")
        query.check(self, LIST_QUERY)
        servers, (start, stop), more = self.servers(request, "os-simple-tenant-usage")
        detailed = request.GET.get("detailed", "0").lower() in schemas.TRUE_STRINGS
        body = {"tenant_usages": summarise(servers, start, stop, detailed)}
        if more:
            body["tenant_usages_links"] = more
        return ok(body)


class UsageItem(UsageView):
    """GET /os-simple-tenant-usage/{project_id}: one project's usage with its servers."""

    def get(self, request, project_id):
        policy.require_own_project(self.context, project_id,
                                   "os_compute_api:os-simple-tenant-usage:show")
        query.check(self, SHOW_QUERY)
        servers, (start, stop), more = self.servers(
            request, f"os-simple-tenant-usage/{project_id}", project_id)
        summaries = summarise(servers, start, stop, detailed=True)
        body = {"tenant_usage": summaries[0] if summaries else {}}
        if more:
            body["tenant_usage_links"] = more
        return ok(body)


routes = [
    # No trailing slash here: `/os-simple-tenant-usage/` is a show with an empty project id,
    # which Nova (and Tempest) answer with 404.
    re_path(rf"{V21}/os-simple-tenant-usage$", UsageList.as_view()),
    re_path(rf"{V21}/os-simple-tenant-usage/(?P<project_id>[^/]+)/?$", UsageItem.as_view()),
]
