"""DELETE with soft delete on, the restore and forceDelete actions, injectNetworkInfo."""
from django.test import override_settings

from compute import states
from compute.models import Instance
from tests.api.base import ApiTestCase
from tests.factories import make_host, make_instance

SERVERS = "/compute/v2.1/servers"


class SoftDeleteApiTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("api-host")
        self.server = make_instance(host=self.host, project_id=self.project_a.id)

    def action(self, body, as_user="alice", server=None):
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", f"{SERVERS}/{(server or self.server).uuid}/action", body,
                             as_user=as_user)

    def delete(self):
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("DELETE", f"{SERVERS}/{self.server.uuid}")

    def state(self):
        self.server.refresh_from_db()
        return self.server.vm_state, self.server.task_state

    @override_settings(RECLAIM_INSTANCE_INTERVAL=60)
    def test_delete_with_soft_delete_on_starts_a_soft_delete(self):
        self.assertEqual(self.delete().status_code, 204)
        self.assertEqual(self.state(), (states.ACTIVE, states.Task.SOFT_DELETING))
        self.assertIsNotNone(self.server.deleted_at)

    def test_delete_with_soft_delete_off_deletes(self):
        self.assertEqual(self.delete().status_code, 204)
        self.assertEqual(self.state(), (states.ACTIVE, states.Task.DELETING))

    def test_restore_of_soft_deleted_server_is_202(self):
        Instance.objects.filter(pk=self.server.pk).update(vm_state=states.SOFT_DELETED)
        self.assertEqual(self.action({"restore": None}).status_code, 202)
        self.assertEqual(self.state(), (states.SOFT_DELETED, states.Task.RESTORING))
        self.assertTrue(self.server.actions.filter(action="restore").exists())

    @override_settings(QUOTA_INSTANCES=1)
    def test_restore_over_the_instance_quota_is_403(self):
        Instance.objects.filter(pk=self.server.pk).update(vm_state=states.SOFT_DELETED)
        make_instance(host=self.host, project_id=self.project_a.id)
        self.assert_error(self.action({"restore": None}), 403, "forbidden")
        self.assertEqual(self.state(), (states.SOFT_DELETED, None))

    def test_restore_of_active_server_is_409(self):
        message = self.assert_error(self.action({"restore": {}}), 409, "conflictingRequest")
        self.assertEqual(message, f"Cannot 'restore' instance {self.server.uuid} while it is "
                                  "in vm_state active")

    def test_soft_deleted_server_is_listed_as_soft_deleted(self):
        Instance.objects.filter(pk=self.server.pk).update(vm_state=states.SOFT_DELETED)
        server = self.call("GET", f"{SERVERS}/{self.server.uuid}").json()["server"]
        self.assertEqual(server["status"], "SOFT_DELETED")

    def test_force_delete_deletes_now(self):
        Instance.objects.filter(pk=self.server.pk).update(vm_state=states.SOFT_DELETED)
        self.assertEqual(self.action({"forceDelete": None}).status_code, 202)
        self.assertEqual(self.state(), (states.SOFT_DELETED, states.Task.DELETING))

    def test_force_delete_and_restore_of_unknown_server_are_404(self):
        for action in ("forceDelete", "restore"):
            response = self.call("POST", f"{SERVERS}/no-such-server/action", {action: None})
            self.assert_error(response, 404, "itemNotFound")

    def test_restore_of_locked_server_is_409_for_its_owner(self):
        Instance.objects.filter(pk=self.server.pk).update(vm_state=states.SOFT_DELETED,
                                                          locked=True)
        self.assert_error(self.action({"restore": None}), 409, "conflictingRequest")


class InjectNetworkInfoApiTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.server = make_instance(host=make_host(), project_id=self.project_a.id)

    def inject(self, as_user, server=None):
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", f"{SERVERS}/{(server or self.server).uuid}/action",
                             {"injectNetworkInfo": None}, as_user=as_user)

    def test_admin_gets_202_and_a_recorded_action(self):
        self.assertEqual(self.inject("admin").status_code, 202)
        self.assertTrue(self.server.actions.filter(action="inject_network_info").exists())

    def test_non_admin_is_403(self):
        self.assert_error(self.inject("alice"), 403, "forbidden")
        self.assertFalse(self.server.actions.exists())

    def test_server_without_host_is_409(self):
        homeless = make_instance(vm_state=states.ERROR, project_id=self.project_a.id)
        self.assert_error(self.inject("admin", homeless), 409, "conflictingRequest")
