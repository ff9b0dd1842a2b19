"""GET /servers/detail in process: no gunicorn, no workers, only the view and its queries.

    STATE_DIR=/tmp/cp-bench .venv/bin/python bench/server_list.py --servers 200 --hosts 10

Builds a throwaway test database (SQLite under STATE_DIR, or DATABASE_URL's server with a
test_ prefix), fills it with servers on simulated hosts, each with a port, security groups,
a server group, hints, metadata and tags, then asks for the detail list through Django's
test client at each microversion as admin and as member. Prints, per case, the queries one
request runs, p50/p95 latency and p50 CPU time of the process (steadier than wall time on a
loaded machine); --dump writes the documents (diff two trees' output to prove a change keeps
the bytes), --profile prints a cProfile of one case instead."""
import argparse
import cProfile
import gc
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudproject.settings")
os.environ.setdefault("TEST_FAST_PASSWORD_HASHER", "1")

DETAIL = "/compute/v2.1/servers/detail"


def populate(servers, hosts):
    """`servers` servers of project-a spread over `hosts` hosts, with fixed ids so two runs
    render the same documents (--dump); returns the admin's and the member's tokens."""
    from api.models import Project
    from tests.api.base import make_user, token_for
    from tests.factories import (
        make_flavor,
        make_host,
        make_image,
        make_network,
        make_security_group,
    )

    project = Project.objects.create(id="bench-project", name="project-a").id
    admin = make_user("bench-admin", "project-a", ("admin", "member", "reader"))
    member = make_user("bench-member", "project-a")
    net = make_network("bench-net", "10.20.0.0/16", project_id=project)
    make_security_group("web", project_id=project)
    flavor = make_flavor("bench-flavor", flavorid="bench-flavor")
    image = make_image("bench-image", with_file=False, id="00000000-0000-4000-8000-0000000000aa")
    machines = [make_host(f"bench-host-{n}") for n in range(hosts)]
    for n in range(servers):
        _server(n, project, net, flavor, image, machines[n % hosts])
    return {"admin": token_for(admin, "project-a"), "member": token_for(member, "project-a")}


def _server(n, project, net, flavor, image, host):
    """One server; some unplaced, in ERROR, without groups, locked, with hints."""
    from datetime import UTC, datetime

    from compute import states
    from compute.models import Instance
    from networking import instance_security_groups, ports
    from scheduler.models import PlacementRequest, ServerGroup, ServerGroupMember
    from tests.factories import make_instance

    error = n % 11 == 5
    vm = make_instance(
        uuid=f"00000000-0000-4000-8000-{n:012d}", display_name=f"bench-{n}",
        host=None if n % 7 == 3 else host, flavor=flavor, image=image, project_id=project,
        vm_state=states.ERROR if error else states.ACTIVE, metadata={"n": str(n)},
        tags=["bench"], locked=n % 4 == 0, key_name="key" if n % 2 else "",
        fault={"code": 500, "message": "boom", "details": "trace",
               "created": "2026-01-01T00:00:00"} if error else None)
    moment = datetime(2026, 1, 1, 0, 0, n % 60, tzinfo=UTC)
    Instance.objects.filter(pk=vm.pk).update(created_at=moment, updated_at=moment,
                                             launched_at=moment)
    ports.create_port(network=net, project_id=project, device_id=vm.uuid,
                      device_owner="compute:nova", mac_address=f"fa:16:3e:00:{n // 256:02x}:"
                                                                f"{n % 256:02x}")
    if n % 5:
        names = ["default", "web"] if n % 2 else ["default"]
        instance_security_groups.bind([vm], instance_security_groups.requested_groups(
            project, names))
    if n % 3:
        group, _ = ServerGroup.objects.get_or_create(name="bench", project_id=project,
                                                     policy="affinity")
        PlacementRequest.objects.create(instance=vm, hints={"n": str(n)}, group=group)
        ServerGroupMember.objects.create(group=group, instance=vm)


def measure(client, token, version, rounds, show_queries=False):
    from django.db import connection

    headers = {"HTTP_X_AUTH_TOKEN": token, "HTTP_X_OPENSTACK_NOVA_API_VERSION": version}
    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(DETAIL, **headers)
    assert response.status_code == 200, response.content[:300]
    count = len(response.json()["servers"])
    samples, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(DETAIL, **headers)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    if show_queries:
        print("\n".join(sql[:160] for sql in captured))
    return (response.content, count, len(captured), statistics.median(samples), p95,
            statistics.median(cpu))


def profile(client, token, version, rounds):
    headers = {"HTTP_X_AUTH_TOKEN": token, "HTTP_X_OPENSTACK_NOVA_API_VERSION": version}
    client.get(DETAIL, **headers)  # imports and URL resolver warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(DETAIL, **headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(25)


def table(client, tokens, args):
    print(f"{'servers':>7} | {'version':>7} | {'role':>6} | {'queries':>7} | "
          f"{'p50 ms':>7} | {'p95 ms':>7} | {'cpu p50 ms':>10}")
    bodies = {}
    for version in args.versions.split(","):
        for role in ("admin", "member"):
            for _ in range(2):  # the first request of a user makes its identity row
                body, count, queries, p50, p95, cpu = measure(
                    client, tokens[role], version, args.rounds, args.show_queries)
            bodies[f"{role}@{version}"] = body.decode()
            print(f"{count:>7} | {version:>7} | {role:>6} | {queries:>7} | {p50:>7.1f} | "
                  f"{p95:>7.1f} | {cpu:>10.1f}")
    if args.dump:
        Path(args.dump).write_text(json.dumps(bodies, indent=1))


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=30, help="requests per case")
    parser.add_argument("--versions", default="2.1,2.100")
    parser.add_argument("--no-gc-freeze", action="store_true",
                        help="leave the loaded objects to the collector (wsgi.py freezes them)")
    parser.add_argument("--dump", metavar="FILE",
                        help="write the documents of every case (to diff two versions)")
    parser.add_argument("--profile", metavar="ROLE@VERSION",
                        help="profile one case (e.g. admin@2.100) instead of the table")
    parser.add_argument("--show-queries", action="store_true", help="print each case's SQL")
    return parser.parse_args()


def main():
    args = _arguments()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        tokens = populate(args.servers, args.hosts)
        if not args.no_gc_freeze:  # as cloudproject/wsgi.py does once the app is loaded
            gc.collect()
            gc.freeze()
        client = Client(HTTP_ACCEPT="application/json")
        if args.profile:
            role, version = args.profile.split("@")
            profile(client, tokens[role], version, args.rounds)
            return
        table(client, tokens, args)
        print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
