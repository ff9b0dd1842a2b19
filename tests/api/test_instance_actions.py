"""/servers/{id}/os-instance-actions: list and show per microversion, paging, tenancy."""
from datetime import timedelta

from django.utils import timezone

from compute import states
from compute.models import InstanceAction, InstanceActionEvent
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_action, make_host, make_instance

ACTION_KEYS = {"action", "instance_uuid", "request_id", "user_id", "project_id", "start_time",
               "message"}
EVENT_KEYS = {"event", "start_time", "finish_time", "result"}


class ActionTestCase(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.vm = make_instance(host=make_host(), project_id=self.project_a.id,
                                launched_at=timezone.now())
        earlier = timezone.now() - timedelta(hours=1)
        self.create = make_action(self.vm, "create", user_id="u1", start_time=earlier,
                                  finish_time=earlier)
        self.stop = make_action(self.vm, "stop", user_id="u1")
        InstanceActionEvent.objects.create(action=self.stop, event="compute_power_off_domain",
                                           host="node-1", result="Error", traceback="Trace!",
                                           details="boom", finish_time=timezone.now())
        self.url = f"/compute/v2.1/servers/{self.vm.uuid}/os-instance-actions"

    def show(self, version=None, as_user="alice", action=None):
        path = f"{self.url}/{(action or self.stop).request_id}"
        return self.call("GET", path, version=version, as_user=as_user)


class ListTests(ActionTestCase):
    def test_list_newest_first_with_nova_fields(self):
        actions = self.call("GET", self.url, as_user="reader").json()["instanceActions"]
        self.assertEqual([a["action"] for a in actions], ["stop", "create"])
        self.assertEqual(set(actions[0]), ACTION_KEYS)
        self.assertEqual((actions[0]["instance_uuid"], actions[0]["message"]),
                         (self.vm.uuid, None))

    def test_2_58_adds_updated_at_paging_and_changes_since(self):
        body = self.call("GET", self.url + "?limit=1", version="2.58").json()
        self.assertEqual(set(body["instanceActions"][0]), ACTION_KEYS | {"updated_at"})
        self.assertIn(f"marker={self.stop.request_id}", body["links"][0]["href"])
        after = self.call("GET", f"{self.url}?marker={self.stop.request_id}", version="2.58")
        self.assertEqual([a["action"] for a in after.json()["instanceActions"]], ["create"])
        since = (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
        recent = self.call("GET", f"{self.url}?changes-since={since}", version="2.58").json()
        self.assertEqual([a["action"] for a in recent["instanceActions"]], ["stop"])

    def test_2_58_query_errors_are_400(self):
        for query, version in (("?marker=req-nope", "2.58"), ("?bogus=1", "2.58"),
                               ("?changes-since=yesterday", "2.58"), ("?limit=-1", "2.58"),
                               ("?changes-since=2020-01-02T00:00:00"
                                "&changes-before=2020-01-01T00:00:00", "2.66")):
            with self.subTest(query):
                self.assert_error(self.call("GET", self.url + query, version=version), 400,
                                  "badRequest")

    def test_deleted_server_actions_are_listed_from_2_21(self):
        self.vm.vm_state = states.DELETED
        self.vm.save()
        self.assert_error(self.call("GET", self.url, version="2.20"), 404, "itemNotFound")
        self.assertEqual(self.call("GET", self.url, version="2.21").status_code, 200)

    def test_other_project_and_unknown_server_are_404(self):
        self.assert_error(self.call("GET", self.url, as_user="bob"), 404, "itemNotFound")
        missing = "/compute/v2.1/servers/00000000-0000-0000-0000-000000000000/os-instance-actions"
        self.assert_error(self.call("GET", missing), 404, "itemNotFound")


class ShowTests(ActionTestCase):
    def test_owner_sees_no_events_before_2_51(self):
        self.assertEqual(set(self.show().json()["instanceAction"]), ACTION_KEYS)

    def test_admin_sees_events_with_traceback(self):
        [event] = self.show(as_user="admin").json()["instanceAction"]["events"]
        self.assertEqual(set(event), EVENT_KEYS | {"traceback"})
        self.assertEqual((event["result"], event["traceback"]), ("Error", "Trace!"))

    def test_owner_sees_events_without_traceback_from_2_51(self):
        [event] = self.show(version="2.51").json()["instanceAction"]["events"]
        self.assertEqual(set(event), EVENT_KEYS)

    def test_host_id_for_all_and_host_for_admins_from_2_62(self):
        [event] = self.show(version="2.62").json()["instanceAction"]["events"]
        self.assertEqual(set(event), EVENT_KEYS | {"hostId"})
        self.assertEqual(len(event["hostId"]), 56)
        [event] = self.show(version="2.84", as_user="admin").json()["instanceAction"]["events"]
        self.assertEqual((event["host"], event["details"]), ("node-1", "boom"))

    def test_unknown_request_id_is_404(self):
        self.assert_error(self.call("GET", self.url + "/req-unknown"), 404, "itemNotFound")

    def test_request_id_is_the_one_the_action_request_answered_with(self):
        response = self.call("POST", f"/compute/v2.1/servers/{self.vm.uuid}/action",
                             {"lock": None})
        request_id = response["x-compute-request-id"]
        self.assertTrue(InstanceAction.objects.filter(request_id=request_id).exists())
        action = self.call("GET", f"{self.url}/{request_id}").json()["instanceAction"]
        self.assertEqual((action["action"], action["request_id"]), ("lock", request_id))
