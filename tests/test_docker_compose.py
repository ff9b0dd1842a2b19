"""docker-compose.yml describes the stack (validated, not run: no Docker engine here)."""
from pathlib import Path

import yaml
from django.conf import settings
from django.test import SimpleTestCase

COMPOSE = Path(settings.BASE_DIR) / "docker-compose.yml"
EXPECTED = {"postgres", "redis", "api", "scheduler", "beat", "host1", "host2", "flower"}


class DockerComposeTests(SimpleTestCase):
    def setUp(self):
        self.services = yaml.safe_load(COMPOSE.read_text())["services"]

    def test_describes_every_process(self):
        self.assertEqual(set(self.services), EXPECTED)

    def test_every_service_has_an_image_or_build_and_a_command(self):
        for name, service in self.services.items():
            self.assertTrue(service.get("image") or service.get("build"), name)
            if name not in ("postgres",):
                self.assertTrue(service.get("command"), name)

    def test_each_host_consumes_its_own_queue(self):
        for name in ("host1", "host2"):
            command = self.services[name]["command"]
            self.assertIn(f"host.{name}", command)
            self.assertEqual(self.services[name]["environment"]["HOST_NAME"], name)

    def test_scheduler_consumes_scheduler_and_default(self):
        self.assertIn("scheduler,default", self.services["scheduler"]["command"])

    def test_app_services_use_postgres_and_redis(self):
        env = self.services["api"]["environment"]
        self.assertTrue(env["DATABASE_URL"].startswith("postgres://"))
        self.assertTrue(env["CELERY_BROKER_URL"].startswith("redis://"))
