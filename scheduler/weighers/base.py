"""The contract of a weigher, Nova's min-max normalisation, and the pass that sums the
weighted, normalised scores of every enabled weigher and sorts the hosts by them."""
import abc
from typing import NamedTuple

from django.conf import settings


class BaseWeigher(abc.ABC):
    """One preference among hosts that all fit. `weigh` gives a raw value; the pass
    normalises the values of all candidates to 0..1 and multiplies them by `multiplier`
    (settings.SCHEDULER_WEIGHER_MULTIPLIERS[name], else `default_multiplier`)."""

    name = ""
    default_multiplier = 1.0
    # Fixed ends of the normalisation range; None means the candidates' own min / max.
    minval = None
    maxval = None

    @property
    def multiplier(self):
        return float(settings.SCHEDULER_WEIGHER_MULTIPLIERS.get(self.name,
                                                                self.default_multiplier))

    def applies(self, spec):
        """False when this weigher would give every host the same value for the request
        (e.g. no server group): it is then skipped."""
        return True

    def sql(self, spec):
        """This weigher inside the database (scheduler.sql): (expression, params), an SQL
        expression over a host's numeric columns (listed in scheduler.sql) giving the same
        raw value as `weigh`. None (the default): no SQL form, and decisions run in Python."""
        return None

    @abc.abstractmethod
    def weigh(self, host, spec):
        """The raw value for `host` (a HostState); higher is better before the multiplier."""


def normalize(values, minval=None, maxval=None):
    """Nova's normalize: map to 0..1 between the min and max (given ends widen to take in
    every value); all equal → all 0."""
    if not values:
        return []
    low = min(values) if minval is None else min(minval, min(values))
    high = max(values) if maxval is None else max(maxval, max(values))
    if low == high:
        return [0.0] * len(values)
    span = float(high - low)
    return [(value - low) / span for value in values]


class Weighed(NamedTuple):
    """A host with its total weight and, for the top hosts, each weigher's contribution."""

    host: object
    total: float
    parts: dict


def weigh(weighers, spec, hosts, detailed=5):
    """Hosts with their weights, heaviest first (ties by name, so runs are repeatable); the
    first `detailed` carry each weigher's part. Weighers that do not apply or whose multiplier
    is 0 are skipped (all-equal values would normalise to 0 anyway)."""
    totals = [0.0] * len(hosts)
    columns = {}
    for weigher in weighers:
        multiplier = weigher.multiplier
        if not multiplier or not weigher.applies(spec):
            continue
        score = weigher.weigh
        raw = [score(host, spec) for host in hosts]
        column = [multiplier * value for value in normalize(raw, weigher.minval,
                                                             weigher.maxval)]
        columns[weigher.name] = column
        totals = [total + value for total, value in zip(totals, column, strict=True)]
    # Stable sorts: by name, then by weight, so equal weights keep name order.
    by_name = sorted(range(len(hosts)), key=[host.name for host in hosts].__getitem__)
    order = sorted(by_name, key=totals.__getitem__, reverse=True)
    return [Weighed(hosts[i], totals[i], _parts(columns, i) if rank < detailed else {})
            for rank, i in enumerate(order)]


def _parts(columns, index):
    return {name: column[index] for name, column in columns.items()}
