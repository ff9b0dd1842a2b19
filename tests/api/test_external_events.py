"""POST /os-server-external-events: per-event codes, 207, power-update (2.76), policy."""
from compute import states
from compute.models import Instance, InstanceAction
from compute.specs import PowerState
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_host, make_instance

EVENTS = "/compute/v2.1/os-server-external-events"
MISSING = "00000000-0000-0000-0000-000000000000"


class ExternalEventTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.vm = make_instance(host=make_host(), project_id=self.project_a.id)

    def post(self, *events, version=None, as_user="admin"):
        return self.call("POST", EVENTS, {"events": list(events)}, as_user=as_user,
                         version=version)

    def event(self, name="network-vif-plugged", uuid=None, **extra):
        return {"name": name, "server_uuid": uuid or self.vm.uuid, **extra}

    def test_known_event_is_200_and_completed(self):
        response = self.post(self.event(tag="port-1"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"events": [
            {"name": "network-vif-plugged", "server_uuid": self.vm.uuid, "tag": "port-1",
             "status": "completed", "code": 200}]})

    def test_unknown_and_unplaced_servers_fail_per_event_with_207(self):
        unplaced = make_instance(project_id=self.project_a.id)
        response = self.post(self.event(), self.event(uuid=MISSING),
                             self.event(uuid=unplaced.uuid))
        self.assertEqual(response.status_code, 207)
        self.assertEqual([(e["code"], e["status"]) for e in response.json()["events"]],
                         [(200, "completed"), (404, "failed"), (422, "failed")])
        self.assertEqual(self.post(self.event(uuid=MISSING)).status_code, 207)

    def test_power_off_update_from_2_76_stops_the_server(self):
        response = self.post(self.event("power-update", tag="POWER_OFF"), version="2.76")
        self.assertEqual(response.status_code, 200)
        self.vm.refresh_from_db()
        self.assertEqual((self.vm.vm_state, self.vm.power_state),
                         (states.STOPPED, PowerState.SHUTDOWN))
        action = InstanceAction.objects.get(instance=self.vm, action="stop")
        self.assertEqual(action.request_id, response["x-compute-request-id"])

    def test_power_update_leaves_a_busy_server_alone(self):
        Instance.objects.filter(pk=self.vm.pk).update(task_state="rebooting")
        self.post(self.event("power-update", tag="POWER_OFF"), version="2.76")
        self.vm.refresh_from_db()
        self.assertEqual(self.vm.vm_state, states.ACTIVE)

    def test_power_update_needs_its_tag_and_microversion(self):
        response = self.post(self.event("power-update"), version="2.76")
        self.assertEqual((response.status_code, response.json()["events"][0]["code"]), (207, 400))
        self.assert_error(self.post(self.event("power-update", tag="POWER_ON"), version="2.75"),
                          400, "badRequest")

    def test_invalid_bodies_are_400(self):
        for body in ({"events": []}, {"events": [{"name": "bogus", "server_uuid": MISSING}]},
                     {"events": [{"name": "network-changed", "server_uuid": "nope"}]},
                     {"events": [{"name": "network-changed"}]}, {}):
            with self.subTest(body=body):
                self.assert_error(self.call("POST", EVENTS, body, as_user="admin"), 400,
                                  "badRequest")

    def test_non_admins_get_403(self):
        self.assert_error(self.post(self.event(), as_user="alice"), 403, "forbidden")
