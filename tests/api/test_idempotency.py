"""Idempotency-Key: retries get the original answer; nothing is created twice."""
import json
import threading
from datetime import timedelta

from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from api import idempotency
from api.models import IdempotencyRecord
from compute.models import Instance
from tests.api.base import ApiTestCase, make_user, token_for
from tests.factories import make_flavor, make_host, make_image

SERVERS = "/compute/v2.1/servers"


class IdempotencyTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("idem-host")
        make_flavor("m1.idem", flavorid="7")
        self.image = make_image(with_file=False)

    def create(self, key, name="vm", as_user="alice"):
        body = {"server": {"name": name, "imageRef": self.image.id, "flavorRef": "7"}}
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", SERVERS, body, as_user=as_user,
                             headers={"Idempotency-Key": key})

    def test_retry_returns_the_original_response_and_creates_one_server(self):
        first = self.create("k-1")
        again = self.create("k-1")
        self.assertEqual((first.status_code, again.status_code), (202, 202))
        self.assertEqual(first.json(), again.json())
        self.assertEqual(first["x-compute-request-id"], again["x-compute-request-id"])
        self.assertEqual(first["Location"], again["Location"])
        self.assertEqual(Instance.objects.count(), 1)

    def test_same_key_with_another_body_is_409(self):
        self.create("k-2")
        self.assert_error(self.create("k-2", name="other"), 409, "conflictingRequest")
        self.assertEqual(Instance.objects.count(), 1)

    def test_keys_are_per_project(self):
        self.create("shared")
        self.assertEqual(self.create("shared", as_user="bob").status_code, 202)
        self.assertEqual(Instance.objects.count(), 2)

    def test_failed_requests_are_not_remembered(self):
        body = {"server": {"name": "vm", "imageRef": "missing", "flavorRef": "7"}}
        response = self.call("POST", SERVERS, body, headers={"Idempotency-Key": "k-3"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.create("k-3").status_code, 202)

    def test_server_action_retry_is_not_a_conflict(self):
        instance = Instance.objects.get(uuid=self.create("k-4").json()["server"]["id"])
        Instance.objects.filter(pk=instance.pk).update(vm_state="active", task_state=None,
                                                       host=self.host)
        path = f"{SERVERS}/{instance.uuid}/action"
        with self.captureOnCommitCallbacks(execute=False):
            first = self.call("POST", path, {"os-stop": None}, headers={"Idempotency-Key": "s"})
            again = self.call("POST", path, {"os-stop": None}, headers={"Idempotency-Key": "s"})
        self.assertEqual((first.status_code, again.status_code), (202, 202))
        self.assertEqual(instance.actions.filter(action="stop").count(), 1)

    def test_expired_records_are_purged_and_the_key_reusable(self):
        self.create("k-5")
        IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(days=2))
        self.assertEqual(idempotency.purge_expired(), 1)
        self.create("k-5")
        self.assertEqual(Instance.objects.count(), 2)


class ConcurrentIdempotencyTests(TransactionTestCase):
    """Two identical requests at the same moment still make one server."""

    def test_concurrent_twins_create_one_server(self):
        from django.test import Client

        make_host("idem-host-2")
        make_flavor("m1.idem2", flavorid="8")
        image = make_image(with_file=False)
        user = make_user("carol", "project-c")
        token = token_for(user, "project-c")
        body = json.dumps({"server": {"name": "twin", "imageRef": image.id, "flavorRef": "8"}})
        barrier = threading.Barrier(4)
        codes = []

        def post():
            try:
                barrier.wait()
                response = Client().post(SERVERS, body, content_type="application/json",
                                         HTTP_X_AUTH_TOKEN=token, HTTP_IDEMPOTENCY_KEY="twin")
                codes.append(response.status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=post) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(codes, [202] * 4)
        self.assertEqual(Instance.objects.filter(display_name="twin").count(), 1)
