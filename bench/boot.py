"""Boot N servers through the API on M simulated hosts, then list and delete them.

    .venv/bin/python bench/boot.py --servers 200 --hosts 10

Prints: time until every server is ACTIVE, servers per second, GET /servers/detail latency
percentiles with N servers present, delete time, and the peak memory of all processes."""
import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import Stack  # noqa: E402

DEMO_IMAGE = "00000000-0000-4000-8000-00000000d3e0"


def boot_all(stack, count, clients):
    body = {"server": {"name": "bench", "imageRef": DEMO_IMAGE, "flavorRef": "1"}}

    def boot(_):
        status, reply = stack.request("POST", "/compute/v2.1/servers", body)
        if status != 202:
            raise SystemExit(f"POST /servers answered {status}")
        return reply["server"]["id"]

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(boot, range(count)))


def wait_states(stack, count, status, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, body = stack.request("GET", "/compute/v2.1/servers/detail")
        servers = body["servers"] if body else []
        done = [s for s in servers if s["status"] == status and not s["OS-EXT-STS:task_state"]]
        errors = [s for s in servers if s["status"] == "ERROR"]
        if errors:
            raise SystemExit(f"{len(errors)} servers in ERROR: {errors[0].get('fault')}")
        if len(done) >= count or (status == "DELETED" and not servers):
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {count} servers {status}")


def list_latency(stack, rounds):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        stack.request("GET", "/compute/v2.1/servers/detail")
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {p: samples[min(len(samples) - 1, int(len(samples) * p / 100))]
            for p in (50, 95, 99)}, statistics.mean(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8, help="concurrent API clients")
    parser.add_argument("--database-url", default="", help="default: SQLite")
    parser.add_argument("--host-concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8900, help="the API's port")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/13",
                        help="a broker of its own (the stack flushes it)")
    parser.add_argument("--scheduler-pool", default="threads",
                        help="the scheduler worker's Celery pool (threads, prefork)")
    parser.add_argument("--scheduler-concurrency", type=int, default=4)
    args = parser.parse_args()
    stack = Stack(args.hosts, port=args.port, database_url=args.database_url,
                  broker=args.broker, host_concurrency=args.host_concurrency,
                  scheduler_pool=args.scheduler_pool,
                  scheduler_concurrency=args.scheduler_concurrency)
    try:
        stack.start()
        stack.unlimited_quota()
        stack.start_memory_sampler()
        start = time.monotonic()
        boot_all(stack, args.servers, args.clients)
        posted = time.monotonic() - start
        wait_states(stack, args.servers, "ACTIVE", 600)
        active = time.monotonic() - start
        steps = stack.shell(Path(__file__).with_name("where_time_goes.py"))
        percentiles, mean = list_latency(stack, 50)
        start = time.monotonic()
        _, body = stack.request("GET", "/compute/v2.1/servers")
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(lambda s: stack.request("DELETE", f"/compute/v2.1/servers/{s['id']}"),
                          body["servers"]))
        wait_states(stack, 0, "DELETED", 600)
        deleted = time.monotonic() - start
        memory = stack.peak_memory_mb()
    finally:
        stack.stop()
    rows = [
        ("servers / hosts", f"{args.servers} / {args.hosts}"),
        ("database", "PostgreSQL" if args.database_url else "SQLite"),
        ("all POSTs answered (s)", f"{posted:.2f}"),
        ("all ACTIVE (s)", f"{active:.2f}"),
        ("servers per second", f"{args.servers / active:.1f}"),
        ("GET /servers/detail p50 / p95 / p99 (ms)",
         f"{percentiles[50]:.0f} / {percentiles[95]:.0f} / {percentiles[99]:.0f}"),
        ("GET /servers/detail mean (ms)", f"{mean:.0f}"),
        ("all deleted (s)", f"{deleted:.2f}"),
        ("peak memory, all processes, PSS (MB)", f"{stack.peak_pss_mb:.0f}"),
        ("sum of per-process peak RSS (MB)", f"{memory:.0f}"),
    ]
    for step in json.loads(steps):
        rows.append((f"step {step['step']}: median run / median wait / p95 wait (ms)",
                     f"{step['median_run_ms']} / {step['median_wait_ms']} / "
                     f"{step['p95_wait_ms']}"))
    width = max(len(r[0]) for r in rows)
    print(f"{'metric'.ljust(width)} | value")
    print(f"{'-' * width}-|------")
    for name, value in rows:
        print(f"{name.ljust(width)} | {value}")


if __name__ == "__main__":
    main()
