"""Real Celery worker processes for integration tests: a scheduler worker and host workers,
started as subprocesses against the real broker and the test database."""
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

from cloudproject.celery import app
from compute import states
from compute.models import Host, Instance

ROOT = Path(settings.BASE_DIR)


def database_url():
    """The test database as a URL the worker processes can open."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def broker_label():
    return app.conf.broker_url.split("://")[0]


class WorkerProcess:
    """One `celery worker` subprocess with its log in a temporary file."""

    def __init__(self, queues, name, env, concurrency=2):
        self.log = tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log", delete=False)
        cmd = [sys.executable, "-m", "celery", "-A", "cloudproject", "worker", "-Q", queues,
               "-n", f"{name}@%h", "--pool", "threads", "--concurrency", str(concurrency),
               "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def output(self):
        return Path(self.log.name).read_text(errors="replace")[-6000:]


class RealWorkerTestCase(TransactionTestCase):
    """Starts one scheduler worker and `host_count` host workers per test class; every
    chain the test triggers runs in those processes, through the configured broker."""

    host_count = 1
    timeout = 60
    scheduler_concurrency = 2  # scheduling tasks the scheduler worker runs at once
    scheduler_environment = {}  # extra environment of the scheduler worker

    @classmethod
    def host_environment(cls, index, name):
        """Extra environment of host worker `index` (e.g. a broken INSTANCES_DIR)."""
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.run_id = uuid.uuid4().hex[:6]
        cls.state_dir = tempfile.mkdtemp(prefix="cp-int-")
        # Workers share the test process's image store; instances live in their own dir.
        env = dict(os.environ, DATABASE_URL=database_url(), STATE_DIR=cls.state_dir,
                   IMAGES_DIR=str(settings.IMAGES_DIR),
                   CELERY_BROKER_URL=app.conf.broker_url, HEARTBEAT_INTERVAL="5",
                   SOFT_SHUTDOWN_TIMEOUT="5", DJANGO_SETTINGS_MODULE="cloudproject.settings",
                   TEST_FAST_PASSWORD_HASHER="1")
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        cls._purge(["scheduler", "default"])
        cls.host_names = [f"it-{cls.run_id}-{i}" for i in range(cls.host_count)]
        cls.workers = [WorkerProcess("scheduler,default", f"sched-{cls.run_id}",
                                     dict(env, **cls.scheduler_environment),
                                     cls.scheduler_concurrency)]
        for index, name in enumerate(cls.host_names):
            cls.workers.append(WorkerProcess(
                f"host.{name}", f"host-{name}",
                dict(env, HOST_NAME=name, **cls.host_environment(index, name))))

    @classmethod
    def tearDownClass(cls):
        for worker in cls.workers:
            worker.stop()
        super().tearDownClass()

    @classmethod
    def _purge(cls, queues):
        with app.connection_for_write() as conn:
            for queue in queues:
                try:
                    conn.default_channel.queue_purge(queue)
                except Exception:  # noqa: BLE001 - a queue that does not exist yet is empty
                    pass

    def setUp(self):
        super().setUp()
        self.addCleanup(self._dump_logs_on_failure)
        self.hosts = [self.wait_for_host(name) for name in self.host_names]

    def _dump_logs_on_failure(self):
        outcome = getattr(self, "_outcome", None)
        if outcome is not None and not outcome.success:
            for worker in self.workers:
                sys.stderr.write(f"\n--- {worker.log.name}\n{worker.output()}\n")

    def wait_for(self, predicate, what, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            for worker in self.workers:
                self.assertIsNone(worker.proc.poll(), f"worker died:\n{worker.output()}")
            time.sleep(0.1)
        self.fail(f"timed out waiting for {what}")

    def wait_for_host(self, name):
        """The host row the worker registered on start (the DB is flushed between tests,
        so a later test waits for the next heartbeat, sent here right away)."""
        from compute import workflows

        def registered():
            host = Host.objects.filter(name=name).first()
            return host if host and host.is_up else None

        if not Host.objects.filter(name=name).exists():
            workflows.host_periodic("compute.report_host",
                                    Host(name=name), expires=30).apply_async()
        return self.wait_for(registered, f"host {name} to register", timeout=90)

    def wait_for_status(self, instance, status):
        """Until the instance shows `status` with no task running; returns it fresh."""
        def settled():
            fresh = Instance.objects.get(pk=instance.pk)
            if fresh.task_state is None and fresh.status == status:
                return fresh
            if fresh.vm_state == states.ERROR and status != "ERROR":
                self.fail(f"instance went to ERROR: {fresh.fault}")
            return None

        return self.wait_for(settled, f"{instance.uuid} to be {status}")
