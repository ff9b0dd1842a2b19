"""Aggregate multi-tenancy isolation: hosts of an aggregate with `filter_tenant_id*`
metadata take instances of the listed projects only."""
from scheduler.filters.base import PASS, BaseFilter
from scheduler.models import Aggregate
from scheduler.sql import among

KEY_PREFIX = "filter_tenant_id"


class AggregateMultitenancyIsolationFilter(BaseFilter):
    """Nova's AggregateMultiTenancyIsolation: collect the project ids of every
    `filter_tenant_id`, `filter_tenant_id2`, ... key (comma-separated values) of the host's
    aggregates; when there are any, the request's project must be among them."""

    name = "aggregate_multitenancy_isolation"

    def host_passes(self, host, spec):
        if not host.aggregates:
            return PASS
        projects = _projects(host.aggregates)
        if projects and spec.project_id not in projects:
            return self.reject("other_tenants", "reserved for other projects")
        return PASS

    def sql(self, spec):
        """Hosts in an aggregate that reserves them, and in none that lists the project."""
        reserving, listing = [], []
        for pk, metadata in Aggregate.objects.values_list("id", "metadata"):
            projects = _projects([metadata])
            if projects:
                reserving.append(pk)
                if spec.project_id in projects:
                    listing.append(pk)
        if not reserving:
            return []
        members = f"SELECT host_id FROM {Aggregate.hosts.through._meta.db_table} WHERE "
        reserved, reserved_params = among("aggregate_id", reserving)
        listed, listed_params = among("aggregate_id", listing)
        condition = f"id IN ({members}{reserved}) AND id NOT IN ({members}{listed})"
        return [(condition, reserved_params + listed_params, "other_tenants")]

    def explain(self, spec, rejected):
        return "reserved for other projects"


def _projects(aggregates):
    projects = set()
    for metadata in aggregates:
        for key, value in metadata.items():
            if key.startswith(KEY_PREFIX):
                projects.update(p.strip() for p in str(value).split(",") if p.strip())
    return projects
