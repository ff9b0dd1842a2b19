"""A throwaway stack for benchmarks: private state dir, gunicorn, a scheduler worker and M host
workers on libvirt's test driver (each standing in for one hypervisor host)."""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


class Stack:
    def __init__(self, hosts, port=8900, database_url="", broker="redis://127.0.0.1:6379/13",
                 host_concurrency=4, api_workers=2, scheduler_pool="threads",
                 scheduler_concurrency=4):
        self.state = tempfile.mkdtemp(prefix="cp-bench-")
        self.url = f"http://127.0.0.1:{port}"
        self.env = dict(os.environ, STATE_DIR=self.state, DATABASE_URL=database_url,
                        CELERY_BROKER_URL=broker, ADMIN_PASSWORD="bench-secret",
                        HEARTBEAT_INTERVAL="5", LOG_LEVEL="WARNING",
                        # libvirt's test driver reports 3 GiB per host: let each simulated host
                        # take a few dozen m1.tiny, as Nova's fake driver hosts would
                        RESERVED_HOST_MEMORY_MB="0", RAM_ALLOCATION_RATIO="16")
        self.hosts, self.port, self.procs = hosts, port, []
        self._sampling, self.peak_pss_mb = False, 0.0
        self.host_concurrency, self.api_workers = host_concurrency, api_workers
        self.scheduler_pool = (scheduler_pool, str(scheduler_concurrency))

    def manage(self, *args):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def shell(self, script):
        """Run a Python file inside `manage.py shell` against the stack's database; stdout."""
        done = subprocess.run([PY, "manage.py", "shell", "-c", Path(script).read_text()],
                              cwd=ROOT, env=self.env, capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[-1]

    def _start(self, name, *cmd, **env):
        log = open(Path(self.state) / f"{name}.log", "w")
        self.procs.append(subprocess.Popen(cmd, cwd=ROOT, env=dict(self.env, **env),
                                           stdout=log, stderr=subprocess.STDOUT,
                                           start_new_session=True))

    def start(self):
        subprocess.run(["redis-cli", "-u", self.env["CELERY_BROKER_URL"], "flushdb"],
                       stdout=subprocess.DEVNULL)
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("bootstrap")
        self._start("api", PY, "-m", "gunicorn", "cloudproject.wsgi", "-c",
                    "python:cloudproject.gunicorn_settings", "--bind",
                    f"127.0.0.1:{self.port}", "--workers", str(self.api_workers),
                    "--threads", "8", "--preload")
        self._start("scheduler", PY, "-m", "celery", "-A", "cloudproject", "worker", "-Q",
                    "scheduler,default", "-n", "bench-sched@%h", "--pool", self.scheduler_pool[0],
                    "--concurrency", self.scheduler_pool[1], "--without-gossip",
                    "--without-mingle")
        for i in range(self.hosts):
            name = f"bench-{i}"
            self._start(name, PY, "-m", "celery", "-A", "cloudproject", "worker", "-Q",
                        f"host.{name}", "-n", f"{name}@%h", "--pool", "threads",
                        "--concurrency", str(self.host_concurrency), "--without-gossip",
                        "--without-mingle", HOST_NAME=name)
        self._wait(lambda: self.request("GET", "/healthz", token=None)[0] == 200, "the API")
        self.token = self.login()
        self._wait(lambda: len(self.up_hosts()) == self.hosts, "hosts to register", 120)

    def up_hosts(self):
        status, body = self.request("GET", "/compute/v2.1/os-hypervisors/detail")
        if status != 200:  # hypervisors API not there: ask the database
            out = subprocess.run([PY, "manage.py", "shell", "-c",
                                  "from compute.models import Host;"
                                  "print(sum(h.is_up for h in Host.objects.all()))"],
                                 cwd=ROOT, env=self.env, capture_output=True, text=True)
            return list(range(int(out.stdout.strip() or 0)))
        return [h for h in body["hypervisors"] if h.get("state") == "up"]

    def login(self):
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"name": "Default"}, "password": "bench-secret"}}},
            "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
        req = urllib.request.Request(self.url + "/identity/v3/auth/tokens",
                                     data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as resp:
            self.project_id = json.loads(resp.read())["token"]["project"]["id"]
            return resp.headers["X-Subject-Token"]

    def unlimited_quota(self):
        """Lift the benchmark project's instance/core/RAM quotas."""
        body = {"quota_set": {"instances": -1, "cores": -1, "ram": -1}}
        return self.request("PUT", f"/compute/v2.1/os-quota-sets/{self.project_id}", body)[0]

    def request(self, method, path, body=None, token="default"):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["X-Auth-Token"] = self.token if token == "default" else token
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, headers=headers,
                                     method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                raw = resp.read()
                return resp.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            return exc.code, None
        except OSError:
            return 0, None

    def _wait(self, predicate, what, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.25)
        raise SystemExit(f"timed out waiting for {what}; logs in {self.state}")

    def pids(self):
        return [pid for proc in self.procs for pid in [proc.pid] + _children(proc.pid)]

    def peak_memory_mb(self):
        """Sum of each process's own peak resident memory (VmHWM): an upper bound, since pages
        shared between processes (the preloaded API's workers) count once per process."""
        return sum(_status_kb(pid, "VmHWM:") for pid in self.pids()) / 1024

    def memory_now_mb(self):
        """Proportional set size of the whole stack now: shared pages split between sharers,
        i.e. the memory the stack really occupies."""
        return sum(_rollup_kb(pid, "Pss:") for pid in self.pids()) / 1024

    def start_memory_sampler(self, interval=0.5):
        """Sample the stack's PSS in the background; `self.peak_pss_mb` keeps the peak."""
        import threading

        self.peak_pss_mb, self._sampling = 0.0, True

        def sample():
            while self._sampling:
                self.peak_pss_mb = max(self.peak_pss_mb, self.memory_now_mb())
                time.sleep(interval)

        threading.Thread(target=sample, daemon=True).start()

    def stop(self):
        self._sampling = False
        for proc in self.procs:
            try:
                os.killpg(proc.pid, 15)
            except ProcessLookupError:
                pass
        for proc in self.procs:
            proc.wait(timeout=30)


def _children(pid):
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    found = [int(k) for k in kids]
    for kid in list(found):
        found += _children(kid)
    return found


def _status_kb(pid, key):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rollup_kb(pid, key):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
