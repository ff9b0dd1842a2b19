"""A live stack for client tests: gunicorn serving the API plus real workers, all on the test
database, and helpers to drive it with the unmodified openstack CLI, openstacksdk, novaclient."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml
from django.conf import settings

from tests.api.base import make_user
from tests.integration.workers import ROOT, RealWorkerTestCase, WorkerProcess, database_url

CLIENTS = Path(os.environ.get("CLIENTS_VENV", ROOT / ".venv-clients")) / "bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ApiProcess(WorkerProcess):
    """gunicorn serving cloudproject.wsgi on a free port."""

    def __init__(self, env):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="api-", suffix=".log", delete=False)
        cmd = [sys.executable, "-m", "gunicorn", "cloudproject.wsgi", "-c",
               "python:cloudproject.gunicorn_settings", "--bind",
               f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "4",
               "--access-logfile", "-"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class LiveStackTestCase(RealWorkerTestCase):
    """Per test: users `admin` (admin), `alice` (member of project-a) and `bob` (member of
    project-b), password 'secret', and a clouds.yaml naming them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = dict(os.environ, DATABASE_URL=database_url(), STATE_DIR=cls.state_dir,
                   IMAGES_DIR=str(settings.IMAGES_DIR), TEST_FAST_PASSWORD_HASHER="1")
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        cls.api = ApiProcess(env)
        cls.workers.append(cls.api)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(cls.api.url + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        cls.clouds_file = Path(cls.state_dir) / "clouds.yaml"

    def setUp(self):
        super().setUp()
        make_user("admin", "admin", ("admin", "member", "reader"))
        make_user("alice", "project-a")
        make_user("bob", "project-b")
        clouds = {name: {"auth": {"auth_url": self.api.url + "/identity", "username": user,
                                  "password": "secret", "project_name": project,
                                  "user_domain_name": "Default",
                                  "project_domain_name": "Default"},
                         "region_name": "RegionOne", "identity_api_version": 3}
                  for name, user, project in [("admin", "admin", "admin"),
                                              ("alice", "alice", "project-a"),
                                              ("bob", "bob", "project-b")]}
        self.clouds_file.write_text(yaml.safe_dump({"clouds": clouds}))

    def client_env(self):
        return dict(os.environ, OS_CLIENT_CONFIG_FILE=str(self.clouds_file),
                    PYTHONWARNINGS="ignore")

    def openstack(self, *args, cloud="alice", check=True, json_out=True):
        """Run the openstack CLI; its JSON output parsed (or the CompletedProcess)."""
        cmd = [str(CLIENTS / "openstack"), "--os-cloud", cloud, *args]
        if json_out:
            cmd += ["-f", "json"]
        done = subprocess.run(cmd, env=self.client_env(), capture_output=True, text=True,
                              timeout=180)
        if check:
            self.assertEqual(done.returncode, 0, f"{' '.join(args)}:\n{done.stderr}")
        if not check or not json_out:
            return done
        return json.loads(done.stdout) if done.stdout.strip() else None

    def python_client(self, code, cloud="alice"):
        """Run a snippet in the clients' venv (openstacksdk/novaclient); its JSON stdout."""
        done = subprocess.run([str(CLIENTS / "python"), "-c", code],
                              env=dict(self.client_env(), OS_CLOUD=cloud),
                              capture_output=True, text=True, timeout=180)
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)

    def flavor_and_image(self, flavor, image):
        """Through the CLI as admin: a 256 MB / 1 GB / 1 vCPU flavor named `flavor` and a
        public image named `image` uploaded from a fresh 64M qcow2; the image's record."""
        image_file = f"{self.state_dir}/{image}.qcow2"
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", image_file, "64M"],
                       check=True)
        self.openstack("flavor", "create", "--ram", "256", "--disk", "1", "--vcpus", "1",
                       flavor, cloud="admin")
        return self.openstack("image", "create", "--disk-format", "qcow2",
                              "--container-format", "bare", "--file", image_file, "--public",
                              image, cloud="admin")
