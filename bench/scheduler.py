"""Scheduler decision time with 100, 1,000 and 10,000 hosts (every filter and weigher enabled)
and boots per second through the claim path with concurrent requests, on a throwaway database.

    .venv/bin/python bench/scheduler.py                     # SQLite in a temporary STATE_DIR
    .venv/bin/python bench/scheduler.py --database-url postgres://postgres@127.0.0.1:5432/x
        # PostgreSQL: a database cp_bench_sched_<pid> is created on that server, dropped after
    .venv/bin/python bench/scheduler.py --hosts 10000 --profile   # cProfile's top functions

The cloud is varied as a real one is: three zones made by aggregates plus the default zone,
an aggregate reserved for another project, a few disabled, down, full, busy (I/O) and crowded
(max instances) hosts, an aarch64 rack, recent build failures, about three instances per host
and two server groups. The requests cycle through: a plain boot, a boot into one zone, a member
of an anti-affinity group and one of a soft-anti-affinity group, all from an image asking for
x86_64. Decision time is measured around scheduler.services.dry_run (select, no claim) and
select_and_claim (select, claim, record the decision).

Where the time goes (10,000 hosts, SQLite, best of 25 on a busy 2-core machine): one
statement filters and weighs every host (scheduler/sql.py). Reading the host rows with their
free capacity and instance counts (HostLoad, kept by triggers: the instance table is not
read) ~5 ms; every host's verdict, written to a narrow temporary table, ~9 ms; counting each
verdict ~2 ms; listing a few rejected hosts per filter ~1 ms; the weighers' bounds ~2 ms and
every passing host's total (~7,500 of them) ~5 ms. Around it: ~1 ms loads the few hosts the
record names, ~1-2 ms of Python writes the record, and select_and_claim adds ~1-2 ms on
SQLite: the claim (one conditional UPDATE returning the host's name and zone, then the
allocation row), the record and the instance's move to spawning commit in one transaction.
At 1,000 hosts the statement takes ~3 ms. On PostgreSQL every statement is a round trip and
the commit waits for the WAL flush (0.5-2 ms on a shared disk): the claim and its allocation
are one statement there, a group member joins with one INSERT … ON CONFLICT DO NOTHING, and
no savepoint is taken inside a group's transaction, so a placement sends 5 statements
besides the selection's, BEGIN and COMMIT included (7 for a group member; 8 and 15 before)."""
import argparse
import cProfile
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ZONES = ("az1", "az2", "az3")
PROJECT = "project-a"


def configure(database_url):
    """Point Django at a throwaway database and set it up; returns a cleanup function that
    removes it."""
    state = tempfile.mkdtemp(prefix="cp-bench-sched-")
    os.environ.update(STATE_DIR=state, DJANGO_SETTINGS_MODULE="cloudproject.settings",
                      LOG_LEVEL="WARNING",
                      # Nobody heartbeats in a benchmark: a host is down only when made so.
                      SERVICE_DOWN_TIME="86400")
    drop = None
    if database_url:
        os.environ["DATABASE_URL"], drop = throwaway_postgres(database_url)
    else:
        os.environ["DATABASE_URL"] = ""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)

    def cleanup():
        if drop:
            drop()
        shutil.rmtree(state, ignore_errors=True)

    return cleanup


def throwaway_postgres(url):
    """(URL of a new empty database on the server of `url`, a function that drops it)."""
    import psycopg

    parts = urlsplit(url)
    name = f"cp_bench_sched_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


# --- The cloud --------------------------------------------------------------------------------
class Cloud:
    """Builds hosts, instances, claims, aggregates and groups in bulk."""

    SIZES = ((1, 2048, 20), (2, 4096, 40), (4, 8192, 80), (8, 16384, 160))

    def __init__(self, count, seed=7):
        self.count, self.rng = count, random.Random(seed)

    def build(self):
        from django.utils import timezone

        from compute.models import Flavor, Image

        self.now = timezone.now()
        hosts = self._hosts()
        self._aggregates(hosts)
        self._instances(hosts)
        self._build_failures(hosts)
        self.flavor = Flavor.objects.create(name=f"bench-{self.count}", vcpus=2,
                                            memory_mb=4096, root_gb=40)
        self.image = Image.objects.create(name="bench", status="active",
                                          properties={"hw_architecture": "x86_64"})
        self.groups = self._groups(hosts)
        settle_statistics()
        return self

    def _hosts(self):
        from compute.models import Host

        rng, rows = self.rng, []
        for i in range(self.count):
            kind = rng.random()
            rows.append(Host(
                name=f"bench-{i:05}", vcpus=rng.choice((32, 48, 64)),
                memory_mb=rng.choice((131072, 262144, 393216)),
                local_gb=rng.choice((1000, 2000, 4000)), reserved_memory_mb=4096,
                ram_allocation_ratio=1.5, arch="aarch64" if kind > 0.97 else "x86_64",
                hypervisor_type="QEMU", enabled=not 0.02 < kind < 0.06,
                disabled_reason="maintenance" if 0.02 < kind < 0.06 else "",
                forced_down=kind < 0.01,
                last_heartbeat=None if 0.01 <= kind < 0.02 else self.now))
        return Host.objects.bulk_create(rows, batch_size=2000)

    def _aggregates(self, hosts):
        from scheduler.models import Aggregate

        zones = [Aggregate.objects.create(name=zone, metadata={"availability_zone": zone})
                 for zone in ZONES]
        private = Aggregate.objects.create(name="reserved",
                                           metadata={"filter_tenant_id": "project-x"})
        through, zone_of = Aggregate.hosts.through, {}
        rows = []
        for host in hosts:
            index = self.rng.randrange(10)
            if index < 9:  # 90% in a zone, the rest in the default one
                zone = zones[index % 3]
                rows.append(through(aggregate_id=zone.pk, host_id=host.pk))
                zone_of.setdefault(zone.availability_zone, []).append(host.pk)
            if self.rng.random() < 0.05:
                rows.append(through(aggregate_id=private.pk, host_id=host.pk))
        through.objects.bulk_create(rows, batch_size=5000)
        from compute.models import Host

        for zone, ids in zone_of.items():
            for start in range(0, len(ids), 900):
                Host.objects.filter(pk__in=ids[start:start + 900]).update(
                    availability_zone=zone)

    def _instances(self, hosts):
        from compute import states
        from compute.models import Host, Instance
        from scheduler.models import Allocation

        rows, owners = [], []
        for host in hosts:
            for vcpus, ram, disk, state in self._load_of(host):
                rows.append(Instance(
                    display_name="load", project_id="project-b", user_id="u", vcpus=vcpus,
                    memory_mb=ram, root_gb=disk, host_id=host.pk, vm_state=state,
                    task_state=states.Task.SPAWNING if state == states.BUILDING else None,
                    availability_zone=host.availability_zone))
                owners.append(host)
        created = Instance.objects.bulk_create(rows, batch_size=2000)
        Allocation.objects.bulk_create(
            [Allocation(instance_id=i.pk, host_id=h.pk, vcpus=i.vcpus, memory_mb=i.memory_mb,
                        disk_gb=i.root_gb) for i, h in zip(created, owners, strict=True)],
            batch_size=5000)
        used = {}
        for instance, host in zip(created, owners, strict=True):
            total = used.setdefault(host.pk, [0, 0, 0])
            total[0] += instance.vcpus
            total[1] += instance.memory_mb
            total[2] += instance.root_gb
        for host in hosts:
            host.vcpus_used, host.memory_mb_used, host.local_gb_used = used.get(host.pk,
                                                                                 (0, 0, 0))
        Host.objects.bulk_update(hosts, ["vcpus_used", "memory_mb_used", "local_gb_used"],
                                 batch_size=2000)
        self.instances = created

    def _load_of(self, host):
        """(vcpus, MB, GB, vm_state) of each instance put on `host`."""
        from compute import states

        rng, kind = self.rng, self.rng.random()
        if kind < 0.10:  # full: RAM taken to within less than the benchmark's flavor
            usable = int((host.memory_mb - host.reserved_memory_mb) * 1.5)
            left = rng.randrange(0, 4000)
            parts = rng.randint(2, 6)
            return [(4, (usable - left) // parts, 40, states.ACTIVE)] * parts
        if kind < 0.11:  # crowded: at max_instances_per_host
            return [(1, 512, 1, states.ACTIVE)] * 50
        if kind < 0.13:  # busy: at max_io_ops_per_host
            return [(1, 2048, 20, states.BUILDING)] * 8
        return [(*rng.choice(self.SIZES), states.ACTIVE) for _ in range(rng.randint(0, 6))]

    def _build_failures(self, hosts):
        from scheduler.models import BuildStats

        BuildStats.objects.bulk_create([
            BuildStats(host_id=h.pk, failed_builds=self.rng.randint(1, 3),
                       last_failure_at=self.now)
            for h in hosts if self.rng.random() < 0.02])

    def _groups(self, hosts):
        from scheduler.models import ServerGroup, ServerGroupMember

        groups = {}
        members = self.rng.sample(self.instances, min(len(self.instances), 40))
        for policy, chosen in (("anti-affinity", members[:20]),
                               ("soft-anti-affinity", members[20:])):
            group = ServerGroup.objects.create(name=policy, policy=policy, project_id=PROJECT)
            ServerGroupMember.objects.bulk_create(
                [ServerGroupMember(group=group, instance_id=i.uuid) for i in chosen])
            groups[policy] = group
        return groups

    def requests(self):
        """The request mix, cycled: (availability zone, scheduler hints)."""
        return [("", {}), ("az2", {}),
                ("", {"group": self.groups["anti-affinity"].uuid}),
                ("", {"group": self.groups["soft-anti-affinity"].uuid})]


def settle_statistics():
    """Planner statistics and visibility as a cloud in steady state has them (PostgreSQL's
    autovacuum; SQLite's ANALYZE, which only an operator runs)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")


def wipe():
    """Empty every table the cloud fills, between sizes."""
    from compute.models import Flavor, Host, Image, Instance
    from scheduler.models import Aggregate, SchedulingDecision, ServerGroup

    for model in (SchedulingDecision, Instance, ServerGroup, Aggregate, Host, Flavor, Image):
        model.objects.all().delete()


# --- Measuring --------------------------------------------------------------------------------
def new_instance(cloud, zone, hints):
    """An instance row waiting to be scheduled, with its hints kept as a boot keeps them."""
    from compute import states
    from compute.models import Instance
    from scheduler import hints as scheduler_hints

    flavor = cloud.flavor
    instance = Instance.objects.create(
        display_name="bench", project_id=PROJECT, user_id="u", flavor=flavor,
        image=cloud.image, vcpus=flavor.vcpus, memory_mb=flavor.memory_mb,
        root_gb=flavor.root_gb, requested_availability_zone=zone,
        task_state=states.Task.SCHEDULING, scheduling_attempts=1)
    checked, group = scheduler_hints.validate(hints, PROJECT)
    scheduler_hints.record(instance, checked, group)
    return instance


def time_dry_runs(cloud, samples):
    from scheduler import services

    requests, times = cloud.requests(), []
    for n in range(samples):
        zone, hints = requests[n % len(requests)]
        start = time.perf_counter()
        services.dry_run(cloud.flavor, cloud.image, zone, hints, PROJECT)
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_claims(cloud, samples):
    from scheduler import services
    from scheduler.algorithms.base import NoValidHost

    requests = cloud.requests()
    pending = [new_instance(cloud, *requests[n % len(requests)]) for n in range(samples)]
    times = []
    for instance in pending:
        start = time.perf_counter()
        try:
            services.select_and_claim(instance)
        except NoValidHost:
            pass
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def boots_per_second(cloud, threads, boots):
    """Claims through select_and_claim from `threads` threads (one DB connection each)."""
    from django.db import connection

    from scheduler import services
    from scheduler.algorithms.base import NoValidHost

    requests = cloud.requests()[:2]  # no group: groups serialise on their row lock
    pending = [new_instance(cloud, *requests[n % 2]) for n in range(boots)]
    chunks = [pending[i::threads] for i in range(threads)]
    refused = []

    def work(chunk):
        try:
            for instance in chunk:
                try:
                    services.select_and_claim(instance)
                except NoValidHost:
                    refused.append(instance.uuid)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - start, len(refused)


def overcommitted():
    """Hosts whose usage exceeds (total − reserved) × ratio on any resource."""
    from compute.models import Host

    return sum(1 for h in Host.objects.all()
               if h.vcpus_used > h.vcpus_capacity or h.memory_mb_used > h.memory_mb_capacity
               or h.local_gb_used > h.local_gb_capacity)


def print_table(title, header, rows):
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print(" | ".join(str(c).rjust(w) for c, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)))


def decided_in(count):
    """Where the filter scheduler decides for a cloud of `count` hosts."""
    from django.conf import settings

    if settings.SCHEDULER_IN_DATABASE and count >= settings.SCHEDULER_IN_DATABASE_MIN_HOSTS:
        return "database"
    return "Python"


def measure_size(count, samples, profile):
    from scheduler import services

    started = time.perf_counter()
    cloud = Cloud(count).build()
    built = time.perf_counter() - started
    for _ in range(3):  # warm caches and imports
        time_dry_runs(cloud, 1)
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    dry = time_dry_runs(cloud, samples)
    claim = time_claims(cloud, samples)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    passing = services.dry_run(cloud.flavor, cloud.image, "", {}, PROJECT).decision
    survivors = passing.candidate_count - sum(e["out"] for e in passing.filters)
    return cloud, built, [
        f"{count:,}", f"{len(cloud.instances):,}", survivors, decided_in(count),
        f"{statistics.median(dry):.1f}", f"{percentile(dry, 95):.1f}",
        f"{statistics.median(claim):.1f}", f"{percentile(claim, 95):.1f}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", default="100,1000,10000",
                        help="comma-separated cloud sizes (default 100,1000,10000)")
    parser.add_argument("--samples", type=int, default=60, help="decisions timed per size")
    parser.add_argument("--threads", default="1,4,8", help="concurrent claimers to try")
    parser.add_argument("--boots", type=int, default=240, help="claims per concurrency run")
    parser.add_argument("--concurrency-hosts", type=int, default=1000)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (default: "
                        "SQLite); the benchmark makes and drops its own database there")
    parser.add_argument("--profile", action="store_true", help="cProfile the decisions")
    args = parser.parse_args()
    cleanup = configure(args.database_url)
    import logging

    logging.disable(logging.WARNING)
    from django.db import connection

    database = connection.vendor
    load_at_start = os.getloadavg()[0]
    try:
        rows = []
        for count in (int(n) for n in args.hosts.split(",")):
            wipe()
            _, built, row = measure_size(count, args.samples, args.profile)
            rows.append(row)
            print(f"  ({count:,} hosts built in {built:.1f} s)", file=sys.stderr)
        print_table(f"Decision time in ms, {database}, {args.samples} decisions per size "
                    f"(every filter and weigher enabled; load average {load_at_start:.1f} at "
                    f"the start, {os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} CPUs)",
                    ["hosts", "instances", "pass all filters", "decided in", "dry_run p50",
                     "dry_run p95",
                     "select_and_claim p50", "select_and_claim p95"], rows)
        concurrency = []
        for threads in (int(n) for n in args.threads.split(",")):
            wipe()
            cloud = Cloud(args.concurrency_hosts).build()
            seconds, refused = boots_per_second(cloud, threads, args.boots)
            concurrency.append([threads, args.boots, f"{seconds:.2f}",
                                f"{args.boots / seconds:.0f}", refused, overcommitted()])
        print_table(f"Boots per second through select_and_claim, {database}, "
                    f"{args.concurrency_hosts:,} hosts",
                    ["threads", "boots", "seconds", "boots/s", "no valid host",
                     "hosts over capacity"], concurrency)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
