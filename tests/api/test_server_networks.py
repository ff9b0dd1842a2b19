"""Server create with `networks`: ports made in the create transaction, Nova's refusals,
addresses in the server document and /ips, ports given back on delete."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compute import states, tasks
from compute.models import Instance
from networking import ports
from networking.models import FixedIP, Port
from tests.api.test_servers import SERVERS, ServerApiTestCase
from tests.factories import make_instance, make_network


class CreateWithNetworksTests(ServerApiTestCase):
    def setUp(self):
        super().setUp()
        self.private = make_network("private", "10.0.0.0/24", project_id="admin", shared=True)
        self.own = make_network("own-net", "10.5.0.0/24", project_id=self.project_a.id)

    def test_networks_in_order_get_one_port_each(self):
        vm = self.created(networks=[{"uuid": self.own.id}, {"uuid": self.private.id},
                                    {"uuid": self.own.id}])
        got = [(p.network_id, p.fixed_ips.get().ip_address, p.device_owner)
               for p in Port.objects.filter(device_id=vm.uuid).order_by("device_index")]
        self.assertEqual(got, [(self.own.id, "10.5.0.2", "compute:nova"),
                               (self.private.id, "10.0.0.2", "compute:nova"),
                               (self.own.id, "10.5.0.3", "compute:nova")])

    def test_fixed_ip_is_honoured(self):
        vm = self.created(networks=[{"uuid": self.own.id, "fixed_ip": "10.5.0.77"}])
        self.assertEqual(FixedIP.objects.get(port__device_id=vm.uuid).ip_address, "10.5.0.77")

    def test_fixed_ip_in_use_is_409_and_creates_nothing(self):
        self.created(networks=[{"uuid": self.own.id, "fixed_ip": "10.5.0.77"}])
        response = self.create(networks=[{"uuid": self.own.id, "fixed_ip": "10.5.0.77"}])
        message = self.assert_error(response, 409, "conflictingRequest")
        self.assertIn("10.5.0.77 is already in use", message)
        self.assertEqual(Instance.objects.count(), 1)

    def test_fixed_ip_outside_the_network_is_400(self):
        self.assert_error(self.create(networks=[{"uuid": self.own.id, "fixed_ip": "10.9.0.5"}]),
                          400, "badRequest")

    def test_malformed_fixed_ip_is_400(self):
        self.assert_error(self.create(networks=[{"uuid": self.own.id, "fixed_ip": "10.5.0"}]),
                          400, "badRequest")

    def test_unknown_network_is_400_with_nova_message(self):
        missing = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"
        message = self.assert_error(self.create(networks=[{"uuid": missing}]), 400,
                                    "badRequest")
        self.assertEqual(message, f"Network {missing} could not be found.")
        self.assertEqual((Instance.objects.count(), Port.objects.count()), (0, 0))

    def test_malformed_network_uuid_is_400(self):
        self.assert_error(self.create(networks=[{"fixed_ip": "10.0.1.1",
                                                 "uuid": "a-b-c-d-e-f-g-h-i-j"}]),
                          400, "badRequest")

    def test_another_projects_network_is_400(self):
        self.assert_error(self.create(networks=[{"uuid": self.own.id}], as_user="bob"), 400,
                          "badRequest")

    def test_unknown_key_in_a_network_is_400(self):
        self.assert_error(self.create(networks=[{"uuid": self.own.id, "bogus": 1}]), 400,
                          "badRequest")

    def test_port_is_bound_and_survives_delete_unbound(self):
        port = ports.create_port(network=self.own, project_id=self.project_a.id)
        vm = self.created(networks=[{"port": port.id}])
        port.refresh_from_db()
        self.assertEqual((port.device_id, port.preserve_on_delete), (vm.uuid, True))
        self._delete(vm)
        port.refresh_from_db()
        self.assertEqual((port.device_id, port.fixed_ips.count()), ("", 1))

    def test_port_in_use_is_409(self):
        port = ports.create_port(network=self.own, project_id=self.project_a.id)
        self.created(networks=[{"port": port.id}])
        self.assert_error(self.create(networks=[{"port": port.id}]), 409, "conflictingRequest")

    def test_unknown_port_is_400(self):
        self.assert_error(self.create(networks=[{"port": "3cb9bc59-5699-4588-a4b1-b87f967"
                                                         "08bc6"}]), 400, "badRequest")

    def test_port_with_several_instances_is_400(self):
        port = ports.create_port(network=self.own, project_id=self.project_a.id)
        self.assert_error(self.create(networks=[{"port": port.id}], min_count=2), 400,
                          "badRequest")

    def test_none_boots_without_ports(self):
        vm = self.created(networks="none")
        self.assertFalse(Port.objects.filter(device_id=vm.uuid).exists())

    def test_omitted_with_two_available_networks_is_409(self):
        self.assert_error(self.create(), 409, "conflictingRequest")

    def test_omitted_with_one_available_network_uses_it(self):
        vm = self.created(as_user="bob")
        self.assertEqual(Port.objects.get(device_id=vm.uuid).network_id, self.private.id)

    def test_auto_behaves_as_omitted(self):
        vm = self.created(as_user="bob", networks="auto")
        self.assertEqual(Port.objects.get(device_id=vm.uuid).network_id, self.private.id)

    def test_exhausted_network_is_409_and_leaves_nothing(self):
        tiny = make_network("tiny", "10.6.0.0/30", project_id=self.project_a.id)  # one address
        self.created(networks=[{"uuid": tiny.id}])
        response = self.create(networks=[{"uuid": self.own.id}, {"uuid": tiny.id}])
        self.assert_error(response, 409, "conflictingRequest")
        self.assertEqual((Instance.objects.count(), Port.objects.count()), (1, 1))

    def test_each_of_several_instances_gets_its_own_port(self):
        response = self.create(networks=[{"uuid": self.own.id}], min_count=3)
        self.assertEqual(response.status_code, 202)
        addresses = sorted(FixedIP.objects.values_list("ip_address", flat=True))
        self.assertEqual(addresses, ["10.5.0.2", "10.5.0.3", "10.5.0.4"])

    def test_delete_deletes_the_ports_it_made(self):
        vm = self.created(networks=[{"uuid": self.own.id}])
        self._delete(vm)
        self.assertFalse(Port.objects.filter(device_id=vm.uuid).exists())
        self.assertFalse(FixedIP.objects.exists())
        tasks.release_resources(vm.uuid, "req-again")  # a second run finds nothing to do

    def _delete(self, vm):
        Instance.objects.filter(pk=vm.pk).update(task_state=states.Task.DELETING)
        tasks.release_resources(vm.uuid, "req-delete")


class AddressesTests(ServerApiTestCase):
    def setUp(self):
        super().setUp()
        self.net = make_network("net1", "10.7.0.0/24", project_id=self.project_a.id)
        self.vm = make_instance(project_id=self.project_a.id, host=self.host)
        self.port = ports.create_port(network=self.net, project_id=self.project_a.id,
                                      device_id=self.vm.uuid)

    def test_server_document_has_nova_extended_addresses(self):
        body = self.call("GET", f"{SERVERS}/{self.vm.uuid}").json()["server"]
        self.assertEqual(body["addresses"], {"net1": [{
            "version": 4, "addr": "10.7.0.2", "OS-EXT-IPS:type": "fixed",
            "OS-EXT-IPS-MAC:mac_addr": self.port.mac_address}]})

    def test_ips_lists_version_and_addr(self):
        response = self.call("GET", f"{SERVERS}/{self.vm.uuid}/ips", as_user="reader")
        self.assertEqual(response.json(), {"addresses": {"net1": [
            {"version": 4, "addr": "10.7.0.2"}]}})

    def test_ips_by_network(self):
        response = self.call("GET", f"{SERVERS}/{self.vm.uuid}/ips/net1")
        self.assertEqual(response.json(), {"net1": [{"version": 4, "addr": "10.7.0.2"}]})
        self.assert_error(self.call("GET", f"{SERVERS}/{self.vm.uuid}/ips/other"), 404,
                          "itemNotFound")

    def test_update_answer_has_plain_addresses(self):
        response = self.call("PUT", f"{SERVERS}/{self.vm.uuid}", {"server": {"name": "x"}})
        self.assertEqual(response.json()["server"]["addresses"]["net1"],
                         [{"version": 4, "addr": "10.7.0.2"}])

    def test_list_detail_reads_addresses_in_constant_queries(self):
        self._detail_queries()  # the first call also records the caller's identity
        few = self._detail_queries()
        for _ in range(4):
            vm = make_instance(project_id=self.project_a.id, host=self.host)
            ports.create_port(network=self.net, project_id=self.project_a.id, device_id=vm.uuid)
        self.assertEqual(self._detail_queries(), few)

    def _detail_queries(self):
        with CaptureQueriesContext(connection) as queries:
            servers = self.call("GET", f"{SERVERS}/detail").json()["servers"]
        self.assertTrue(all(s["addresses"]["net1"] for s in servers))
        return len(queries)

    def test_ip_filter_matches_a_regular_expression(self):
        other = make_instance(project_id=self.project_a.id, host=self.host)
        ports.create_port(network=self.net, project_id=self.project_a.id, device_id=other.uuid)
        servers = self.call("GET", f"{SERVERS}?ip=10.7.0.3").json()["servers"]
        self.assertEqual([s["id"] for s in servers], [other.uuid])
        servers = self.call("GET", f"{SERVERS}?ip=10.7.0").json()["servers"]
        self.assertEqual(len(servers), 2)
