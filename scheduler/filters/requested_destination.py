"""Requested destination (Nova's microversion 2.74): an admin's `host` and/or
`hypervisor_hostname` at boot admit only that host; every other filter still runs and the
claim is still taken, so a full or down host is refused as any other would be."""
from scheduler.filters.base import PASS, BaseFilter


class RequestedDestinationFilter(BaseFilter):
    """Always on (every algorithm runs it, after retry); applies only when a destination
    was requested. RequestSpec resolves the destination to host ids once."""

    name = "requested_destination"

    def applies(self, spec):
        return spec.destination_ids is not None

    def host_passes(self, host, spec):
        if host.id not in spec.destination_ids:
            return self.reject("not_requested", f"not the requested destination "
                                                f"({_destination(spec)})")
        return PASS

    def sql(self, spec):
        ids = list(spec.destination_ids)
        if not ids:
            return [("1 = 1", [], "not_requested")]
        return [(f"id NOT IN ({', '.join(['%s'] * len(ids))})", ids, "not_requested")]

    def explain(self, spec, rejected):
        return f"not the requested destination ({_destination(spec)})"


def _destination(spec):
    parts = [f"host {spec.requested_host!r}" if spec.requested_host else "",
             f"node {spec.requested_node!r}" if spec.requested_node else ""]
    return ", ".join(part for part in parts if part)
