"""The filter scheduler's pipeline run inside the database: one statement finds, for every
host, the first filter that rejects it; counts each filter's rejections with the most free
capacity among them; lists the first rejected hosts of each filter; and weighs the hosts that
pass every filter, returning only the heaviest. Only the few hosts a decision names are then
loaded as snapshots (scheduler.hosts), and the filters and weighers themselves write the
details. Used when every filter and weigher in play has an SQL form (`sql()`); otherwise the
same pipeline runs in Python over a snapshot of every host.

A filter's SQL form reads these columns of one host, in a relation named `hosts` (the
HostState fields of the same names): id, name, availability_zone, arch, hypervisor_type,
enabled, up (1 or 0), free_vcpus, free_ram_mb, free_disk_gb, num_instances, num_io_ops,
failed_builds. A weigher's reads the numeric ones: id, free_vcpus, free_ram_mb,
free_disk_gb, num_instances, num_io_ops, failed_builds."""
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from compute.models import Host
from scheduler.filters.base import FilterResult
from scheduler.hosts import HostState, fresh_heartbeat, load_hosts
from scheduler.models import BuildStats, HostLoad
from scheduler.weighers.base import Weighed

PASSED = -1
# A typed NULL: PostgreSQL must see one type per column of a UNION ALL.
REAL_NULL = "CAST(NULL AS DOUBLE PRECISION)"
# A verdict is filter index × CODES + code index: the statement partitions by filter.
CODES = 100


def among(column, values):
    """(`column IN (...)`, params); always false for no values."""
    values = list(values)
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def per_host(values):
    """(an SQL expression giving values[host id] for each host, else 0, params)."""
    if not values:
        return "0", []
    cases = " ".join("WHEN %s THEN %s" for _ in values)
    return f"CASE id {cases} ELSE 0 END", [x for pair in values.items() for x in pair]


def _free(total, reserved, ratio, used):
    # The snapshot's and the claim's arithmetic: floor((total − reserved) × ratio) − used.
    return f"FLOOR((h.{total} - h.{reserved}) * h.{ratio}) - h.{used}"


def _hosts():
    """The per-host columns every SQL form may read, and their params."""
    sql = f"""
    hosts AS (SELECT h.id, h.name, h.availability_zone, h.arch, h.hypervisor_type, h.enabled,
        CASE WHEN NOT h.forced_down AND h.last_heartbeat >= %s THEN 1 ELSE 0 END AS up,
        {_free("vcpus", "reserved_vcpus", "cpu_allocation_ratio", "vcpus_used")} AS free_vcpus,
        {_free("memory_mb", "reserved_memory_mb", "ram_allocation_ratio", "memory_mb_used")}
            AS free_ram_mb,
        {_free("local_gb", "reserved_disk_gb", "disk_allocation_ratio", "local_gb_used")}
            AS free_disk_gb,
        COALESCE(c.instances, 0) AS num_instances, COALESCE(c.io_ops, 0) AS num_io_ops,
        COALESCE(b.failed_builds, 0) AS failed_builds
      FROM {Host._meta.db_table} h LEFT JOIN {HostLoad._meta.db_table} c ON c.host_id = h.id
      LEFT JOIN {BuildStats._meta.db_table} b ON b.host_id = h.id)"""
    fresh = connection.ops.adapt_datetimefield_value(fresh_heartbeat())
    return sql, [fresh]


@dataclass(frozen=True)
class Rejection:
    """One way a filter rejects: `code` where `condition` (SQL) holds."""

    filter_index: int
    code_index: int
    code: str
    condition: str
    params: list

    @property
    def verdict(self):
        return self.filter_index * CODES + self.code_index


@dataclass(frozen=True)
class Weight:
    """One weigher's raw value (SQL) and its multiplier."""

    name: str
    expression: str
    params: list
    multiplier: float


def forms(spec, filters, weighers):
    """(rejections, weights) of the policies in play for `spec`; None when one of them has
    no SQL form."""
    rejections = []
    for index, flt in enumerate(filters):
        if not flt.applies(spec):
            continue
        conditions = flt.sql(spec)
        if conditions is None:
            return None
        rejections += [Rejection(index, n, code, condition, list(params))
                       for n, (condition, params, code) in enumerate(conditions)]
    weights = []
    for weigher in weighers:
        multiplier = weigher.multiplier
        if not multiplier or not weigher.applies(spec):
            continue
        form = weigher.sql(spec)
        if form is None or weigher.minval is not None or weigher.maxval is not None:
            return None
        weights.append(Weight(weigher.name, form[0], list(form[1]), multiplier))
    return rejections, weights


@dataclass
class Found:
    """What the statement found. `counts`: verdict → (hosts, most free vCPUs, RAM MB, disk
    GB); `sampled`: (host id, verdict) of the first rejected hosts of each filter;
    `top`: (host id, total, parts) of the heaviest passing hosts, heaviest first."""

    counts: dict
    sampled: list
    top: list


def run(rejections, weights, sample, top):
    """One statement over every host: the hosts of each verdict with their most free
    vCPUs, RAM and disk; the first `sample` rejected hosts of each filter; the `top`
    heaviest passing hosts. The verdicts are computed once, into a narrow temporary table
    that the three parts read."""
    sql, params = _verdicts(rejections)
    bounds, bound_params = _bounds(weights)
    pad = "".join(f", {REAL_NULL}" for _ in weights)
    weighed, weighed_params = _weighed(weights, top)
    sql += f"""{bounds}
    SELECT 1, verdict, COUNT(*), MAX(free_vcpus), MAX(free_ram_mb), MAX(free_disk_gb){pad}
        FROM v GROUP BY verdict
    UNION ALL
    SELECT 2, id, verdict, {REAL_NULL}, {REAL_NULL}, {REAL_NULL}{pad} FROM (
        SELECT id, verdict, ROW_NUMBER() OVER (PARTITION BY verdict / {CODES} ORDER BY name)
            AS rn FROM v WHERE verdict <> {PASSED}) listed WHERE rn <= %s
    UNION ALL
    {weighed}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params + bound_params + [sample] + weighed_params)
        rows = cursor.fetchall()
    found = Found({}, [], [])
    for kind, a, b, c, d, e, *parts in rows:
        if kind == 1:
            found.counts[a] = (b, c, d, e)
        elif kind == 2:
            found.sampled.append((a, b))
        else:
            found.top.append((b, a, c, parts))
    found.top = [row[1:] for row in sorted(found.top)]  # by rank: UNION ALL keeps no order
    return found


def _verdicts(rejections):
    """The CTEs ending in `v`: every host's numeric columns and its verdict (the first
    rejection that holds, else PASSED), computed once and written to a narrow table: the
    weighers read these columns there (a weigher's own column in `v` would cost more than
    evaluating it again for the passing hosts only)."""
    hosts, params = _hosts()
    verdict = " ".join(f"WHEN {r.condition} THEN {r.verdict}" for r in rejections)
    for r in rejections:
        params += r.params
    sql = f"""WITH {hosts},
    v AS MATERIALIZED (SELECT id, name, free_vcpus, free_ram_mb, free_disk_gb,
        num_instances, num_io_ops, failed_builds,
        CASE {verdict or "WHEN 1 = 0 THEN 0"} ELSE {PASSED} END AS verdict FROM hosts)"""
    return sql, params


def _bounds(weights):
    """(`, s AS (...)`: each weigher's lowest value `lo<n>` over the passing hosts and its
    span `sp<n>` (highest − lowest, 1 when all are equal: every value is then the lowest
    and its part 0), params); nothing when no weigher is in play."""
    if not weights:
        return "", []
    columns, params = [], []
    for n, w in enumerate(weights):
        low, high = f"MIN({w.expression})", f"MAX({w.expression})"
        columns.append(f"{low} AS lo{n}, CAST(CASE WHEN {high} = {low} THEN 1 ELSE "
                       f"{high} - {low} END AS DOUBLE PRECISION) AS sp{n}")
        params += w.params * 5
    return (f""",
    s AS MATERIALIZED (SELECT {', '.join(columns)} FROM v AS hosts
        WHERE verdict = {PASSED})""", params)


def _weighed(weights, top):
    """The `top` heaviest passing hosts (ties by name) with their rank, total and parts:
    each weigher's value normalised to 0..1 over the passing hosts (bounds in `s`) and
    multiplied, in the floating-point steps of scheduler.weighers.base (multiplier ×
    ((value − lowest) / span), summed from 0.0 in weigher order). Every passing host gets
    its total; only the heaviest get their parts, computed again from their columns."""
    parts, params = [], []
    for n, w in enumerate(weights):
        parts.append(f"%s * ((({w.expression}) - s.lo{n}) / s.sp{n})")
        params += [w.multiplier, *w.params]
    total = " + ".join(["0.0", *parts])
    joined = " CROSS JOIN s" if weights else ""
    listed = "".join(f", {part}" for part in parts)
    sql = f"""SELECT 3, hosts.id, ROW_NUMBER() OVER (ORDER BY hosts.total DESC, hosts.name),
            hosts.total, {REAL_NULL}, {REAL_NULL}{listed}
        FROM (SELECT hosts.*, {total} AS total FROM v AS hosts{joined}
              WHERE hosts.verdict = {PASSED} ORDER BY total DESC, hosts.name LIMIT %s) hosts
        {joined}"""
    return sql, params + params + [top]  # the parts (outer select), the total, the limit


def cloud_size():
    """How many hosts are registered (one plain query: it runs before every decision)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {Host._meta.db_table}")
        return cursor.fetchone()[0]


def candidate_count():
    """How many of the heaviest hosts a decision takes into its claim loop."""
    return max(settings.SCHEDULER_CANDIDATES, settings.SCHEDULER_HOST_SUBSET_SIZE,
               settings.SCHEDULER_DECISION_HOSTS + 1)


def select(spec, filters, weighers, trail):
    """Filter and weigh every host in one statement, filling `trail` as the Python pipeline
    (scheduler.filters.base.apply, scheduler.weighers.base.weigh) would: the same counts,
    reasons, listed rejections and weights. The heaviest hosts as Weighed rows, best first
    ([] when none passed); None when a policy in play has no SQL form."""
    policies = forms(spec, filters, weighers)
    if policies is None:
        return None
    rejections, weights = policies
    found = run(rejections, weights, settings.SCHEDULER_DECISION_MAX_REJECTED,
                candidate_count())
    loaded = {host.id: host for host in load_hosts(
        [host_id for host_id, _ in found.sampled] + [row[0] for row in found.top])}
    _record_filters(trail, spec, filters, rejections, found, loaded)
    if not trail.passed:
        return []
    detailed = settings.SCHEDULER_DECISION_HOSTS
    return [Weighed(loaded[host_id], total,
                    {w.name: part for w, part in zip(weights, parts, strict=True)}
                    if rank < detailed else {})
            for rank, (host_id, total, parts) in enumerate(found.top) if host_id in loaded]


def _record_filters(trail, spec, filters, rejections, found, loaded):
    """Each filter's entry, in order, until one leaves no host."""
    by_verdict = {r.verdict: r for r in rejections}
    listed = _listed(spec, filters, by_verdict, found.sampled, loaded)
    remaining = trail.candidate_count = sum(row[0] for row in found.counts.values())
    for index, flt in enumerate(filters):
        rejected = []
        for r in (r for r in rejections if r.filter_index == index):
            count, *most = found.counts.get(r.verdict, (0, 0, 0, 0))
            rejected += [(_stand_in(*most), FilterResult(False, r.code))] * count
        trail.filtered(flt, spec, remaining, rejected, listed.get(index, []))
        remaining -= len(rejected)
        if not remaining:
            break
    trail.passed = remaining


def _stand_in(vcpus, ram, disk):
    """A host carrying the largest free amounts among the rejected hosts of one code."""
    return HostState(0, "", free_vcpus=int(vcpus or 0), free_ram_mb=int(ram or 0),
                     free_disk_gb=int(disk or 0))


def _listed(spec, filters, by_verdict, sampled, loaded):
    """filter index → [(host, result)] of the rejected hosts the statement listed, by name,
    the details written by the filter itself."""
    listed = {}
    for host_id, verdict in sorted(sampled, key=lambda row: _name(loaded, row[0])):
        rejection, host = by_verdict[verdict], loaded.get(host_id)
        if host is None:
            continue  # deleted since
        flt = filters[rejection.filter_index]
        result = flt.host_passes(host, spec)
        if result.passed or result.code != rejection.code:  # changed since
            result = FilterResult(False, rejection.code, f"{flt.name}: {rejection.code}")
        listed.setdefault(rejection.filter_index, []).append((host, result))
    return listed


def _name(loaded, host_id):
    host = loaded.get(host_id)
    return host.name if host else ""
