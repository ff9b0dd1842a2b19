"""The contract of a host filter, and the pass that runs enabled filters in order."""
import abc
from collections import Counter
from typing import NamedTuple


class FilterResult(NamedTuple):
    """A filter's answer for one host: passed or not, a short reason code, and a detail
    with the numbers (e.g. "ram: needs 2048 MB, 1536 free")."""

    passed: bool
    code: str = ""
    detail: str = ""


PASS = FilterResult(True)


class BaseFilter(abc.ABC):
    """One policy deciding whether a host may take the instance. A filter sees only the
    hosts earlier filters passed, and never writes anything."""

    name = ""  # as enabled in settings and shown in decision records and fault messages

    def applies(self, spec):
        """False when the request gives this filter nothing to check (e.g. no zone was
        requested): every host then passes without being asked."""
        return True

    @abc.abstractmethod
    def host_passes(self, host, spec):
        """A FilterResult for `host` (a scheduler.hosts.HostState): PASS or reject(...)."""

    def sql(self, spec):
        """This filter inside the database (scheduler.sql): a list of (condition, params,
        code), each condition an SQL boolean over a host's columns that holds where this
        filter rejects the host with that code, the first that holds counting; [] when it
        rejects nothing. None (the default): no SQL form, and decisions run in Python."""
        return None

    def reject(self, code, detail):
        return FilterResult(False, code, f"{self.name}: {detail}")

    def explain(self, spec, rejected):
        """Why the `rejected` (host, result) pairs failed, in a few words naming no host.
        By default the reason codes, most frequent first ("2 down, 1 disabled"). Read only
        the codes, how many hosts had each, and the hosts' largest free_vcpus, free_ram_mb
        and free_disk_gb: a decision made in the database hands one stand-in host per code,
        repeated once per rejected host, carrying the largest free amounts of its hosts."""
        counts = Counter(result.code for _, result in rejected)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{n} {code}" for code, n in ranked)


def apply(filters, spec, hosts, trail):
    """Run `filters` in order, each on the survivors of the one before, recording each
    one's rejections in `trail`; stop at the first that leaves no host. The survivors."""
    for flt in filters:
        rejected = []
        if flt.applies(spec):
            hosts, rejected = _run(flt, spec, hosts)
        trail.filtered(flt, spec, len(hosts) + len(rejected), rejected)
        if not hosts:
            break
    return hosts


def _run(flt, spec, hosts):
    passed, rejected = [], []
    check = flt.host_passes
    for host in hosts:
        result = check(host, spec)
        if result.passed:
            passed.append(host)
        else:
            rejected.append((host, result))
    return passed, rejected
