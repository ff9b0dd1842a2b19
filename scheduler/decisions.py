"""Explaining a scheduling run: the trail its steps leave, the one line that says why no
host fits (naming no host), and the SchedulingDecision record made from the trail."""
from django.conf import settings

from scheduler.models import SchedulingDecision


def _hosts(count):
    return f"{count} host{'' if count == 1 else 's'}"


class Trail:
    """What one run saw and did, filled in by the algorithm as it goes."""

    def __init__(self):
        self.candidate_count = 0
        self.filters = []  # one entry per filter run, in order
        self.weights = []  # the top weighed hosts
        self.ordered = []  # HostStates to try, best first
        self.passed = 0  # hosts that passed every filter (`ordered` may hold only the best)

    def filtered(self, flt, spec, count_in, rejected, listed=None):
        """Record one filter: hosts in and out, the reason, and (up to the configured
        number) which hosts it rejected and why: `listed`, else the first of `rejected`."""
        limit = settings.SCHEDULER_DECISION_MAX_REJECTED
        listed = rejected[:limit] if listed is None else listed[:limit]
        self.filters.append({
            "filter": flt.name, "in": count_in, "out": len(rejected),
            "reason": flt.explain(spec, rejected) if rejected else "",
            "rejected": [{"host": host.name, "code": result.code, "detail": result.detail}
                         for host, result in listed],
            "rejected_more": max(0, len(rejected) - len(listed))})

    def weighed(self, rows):
        """Record the top weighed hosts (scheduler.weighers.base.Weighed rows)."""
        self.weights = [{"host": row.host.name, "total": round(row.total, 6),
                         "weighers": {k: round(v, 6) for k, v in row.parts.items()}}
                        for row in rows[:settings.SCHEDULER_DECISION_HOSTS]]

    def reason(self):
        """Why nothing fits, in one line naming no host: "12 hosts; ram excluded 9 (needs
        8192 MB RAM, most free 4096 MB), availability_zone excluded 3 (...)"."""
        excluded = ", ".join(f"{e['filter']} excluded {e['out']} ({e['reason']})"
                             for e in self.filters if e["out"])
        line = _hosts(self.candidate_count) + (f"; {excluded}" if excluded else "")
        if self._none_up():
            line += ". No compute host is enabled and up"
        return line

    def _none_up(self):
        return self.candidate_count == 0 or any(
            e["filter"] == "compute" and e["out"] == e["in"] == self.candidate_count
            for e in self.filters)

    def summary(self, claim_failed=()):
        """One line naming no host, for any outcome."""
        passed = self.passed
        if not passed:
            return self.reason()
        line = f"{self.reason()}; {passed} passed every filter"
        if claim_failed and len(claim_failed) == passed:
            line += ", and all filled up before they could be claimed"
        return line

    def record(self, spec, outcome, chosen=None, claim_failed=(), **fields):
        """An unsaved SchedulingDecision of this run."""
        tried = {chosen.name if chosen else None, *claim_failed}
        alternates = [h.name for h in self.ordered if h.name not in tried]
        return SchedulingDecision(
            request=_request(spec), candidate_count=self.candidate_count,
            filters=self.filters, weights=self.weights,
            chosen_host=chosen.name if chosen else "",
            alternates=alternates[:settings.SCHEDULER_DECISION_HOSTS],
            claim_failed=list(claim_failed), outcome=outcome,
            summary=self.summary(claim_failed), **fields)


def _request(spec):
    request = {"vcpus": spec.vcpus, "memory_mb": spec.memory_mb, "disk_gb": spec.disk_gb,
               "availability_zone": spec.availability_zone,
               "image_properties": spec.image_properties, "hints": spec.scheduler_hints,
               "excluded_hosts": list(spec.excluded_hosts)}
    if spec.destination_ids is not None:
        request["requested_destination"] = {"host": spec.requested_host or None,
                                            "node": spec.requested_node or None}
    if spec.group is not None:
        request["group"] = {"uuid": spec.group.uuid, "policy": spec.group.policy,
                            "rules": spec.group.rules}
    return request
