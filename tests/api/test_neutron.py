"""Neutron v2.0 subset at /network: discovery, networks, subnets, ports, floating IPs, its
error body, and project isolation."""
from compute import quotas
from networking.models import FixedIP, Network, Port
from tests.api.base import ApiTestCase
from tests.factories import make_network

V2 = "/network/v2.0"


class NeutronTestCase(ApiTestCase):
    def assert_neutron_error(self, response, status, kind):
        self.assertEqual(response.status_code, status, response.content)
        error = response.json()["NeutronError"]
        self.assertEqual((error["type"], error["detail"]), (kind, ""))
        return error["message"]

    def create_network(self, as_user="alice", **body):
        response = self.call("POST", f"{V2}/networks", {"network": {"name": "net", **body}},
                             as_user=as_user)
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()["network"]

    def create_subnet(self, network_id, cidr="10.20.0.0/24", as_user="alice", **body):
        return self.call("POST", f"{V2}/subnets", {"subnet": {
            "network_id": network_id, "cidr": cidr, "ip_version": 4, **body}}, as_user=as_user)


class DiscoveryTests(NeutronTestCase):
    def test_versions_without_a_token(self):
        body = self.call("GET", "/network", as_user=None).json()
        self.assertEqual(body["versions"][0]["id"], "v2.0")
        self.assertTrue(body["versions"][0]["links"][0]["href"].endswith("/network/v2.0/"))

    def test_v2_lists_resources(self):
        body = self.call("GET", V2, as_user=None).json()
        self.assertIn("networks", [r["collection"] for r in body["resources"]])

    def test_catalog_has_the_network_service(self):
        from api.catalog import SERVICES

        self.assertIn(("network", "neutron", "/network"), SERVICES)

    def test_openapi_document_has_the_network_paths_with_neutron_errors(self):
        from api import openapi

        post = openapi.document()["paths"]["/network/v2.0/networks"]["post"]
        self.assertIn("201", post["responses"])
        self.assertEqual(post["responses"]["404"]["content"]["application/json"]["schema"],
                         {"$ref": "#/components/schemas/NeutronError"})

    def test_unknown_url_is_a_neutron_404(self):
        self.assert_neutron_error(self.call("GET", f"{V2}/routers"), 404, "HTTPNotFound")

    def test_extensions(self):
        body = self.call("GET", f"{V2}/extensions").json()
        self.assertIn("external-net", [e["alias"] for e in body["extensions"]])
        self.assert_neutron_error(self.call("GET", f"{V2}/extensions/Availability%20Zone"),
                                  404, "NotFound")


class NetworkTests(NeutronTestCase):
    def test_create_renders_neutron_fields(self):
        net = self.create_network(description="d")
        self.assertEqual((net["name"], net["tenant_id"], net["shared"], net["router:external"],
                          net["status"], net["subnets"], net["mtu"]),
                         ("net", self.project_a.id, False, False, "ACTIVE", [], 1450))
        self.assertNotIn("provider:segmentation_id", net)

    def test_admin_sees_a_distinct_segment_per_network(self):
        first = self.create_network(as_user="admin")
        second = self.create_network(as_user="admin")
        self.assertEqual(first["provider:network_type"], "vxlan")
        self.assertNotEqual(first["provider:segmentation_id"],
                            second["provider:segmentation_id"])

    def test_member_cannot_create_shared(self):
        response = self.call("POST", f"{V2}/networks", {"network": {"shared": True}})
        self.assert_neutron_error(response, 403, "PolicyNotAuthorized")

    def test_list_filters_by_name_and_hides_other_projects(self):
        self.create_network(name="mine")
        self.create_network(name="theirs", as_user="bob")
        make_network("shared-net", "10.30.0.0/24", project_id="admin", shared=True)
        names = [n["name"] for n in self.call("GET", f"{V2}/networks").json()["networks"]]
        self.assertEqual(sorted(names), ["mine", "shared-net"])
        found = self.call("GET", f"{V2}/networks?name=mine").json()["networks"]
        self.assertEqual([n["name"] for n in found], ["mine"])

    def test_unknown_filters_are_ignored(self):
        self.create_network(name="mine")
        found = self.call("GET", f"{V2}/networks?invalid_filter=x").json()["networks"]
        self.assertEqual([n["name"] for n in found], ["mine"])

    def test_fields_limits_the_keys(self):
        self.create_network(name="mine")
        found = self.call("GET", f"{V2}/networks?fields=id&fields=name").json()["networks"]
        self.assertEqual(set(found[0]), {"id", "name"})

    def test_unknown_network_is_neutron_404(self):
        message = self.assert_neutron_error(self.call("GET", f"{V2}/networks/private"), 404,
                                            "NetworkNotFound")
        self.assertEqual(message, "Network private could not be found.")

    def test_other_projects_network_is_404(self):
        net = self.create_network(as_user="bob")
        self.assert_neutron_error(self.call("GET", f"{V2}/networks/{net['id']}"), 404,
                                  "NetworkNotFound")

    def test_update_and_delete(self):
        net = self.create_network()
        response = self.call("PUT", f"{V2}/networks/{net['id']}", {"network": {"name": "n2"}})
        self.assertEqual(response.json()["network"]["name"], "n2")
        self.assertEqual(self.call("DELETE", f"{V2}/networks/{net['id']}").status_code, 204)
        self.assertFalse(Network.objects.filter(id=net["id"]).exists())

    def test_delete_with_ports_is_409(self):
        net = self.create_network()
        self.create_subnet(net["id"])
        self.call("POST", f"{V2}/ports", {"port": {"network_id": net["id"]}})
        self.assert_neutron_error(self.call("DELETE", f"{V2}/networks/{net['id']}"), 409,
                                  "NetworkInUse")

    def test_bulk_create_makes_all(self):
        response = self.call("POST", f"{V2}/networks", {"networks": [{"name": "b1"},
                                                                    {"name": "b2"}]})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual([n["name"] for n in response.json()["networks"]], ["b1", "b2"])

    def test_bulk_create_makes_none_when_one_fails(self):
        response = self.call("POST", f"{V2}/networks", {"networks": [{"name": "b1"},
                                                                    {"shared": True}]})
        self.assert_neutron_error(response, 403, "PolicyNotAuthorized")
        self.assertFalse(Network.objects.filter(name="b1").exists())

    def test_show_keeps_only_the_asked_fields(self):
        net = self.create_network()
        shown = self.call("GET", f"{V2}/networks/{net['id']}?fields=id&fields=name").json()
        self.assertEqual(shown, {"network": {"id": net["id"], "name": "net"}})

    def test_item_refuses_post(self):
        net = self.create_network()
        self.assert_neutron_error(self.call("POST", f"{V2}/networks/{net['id']}", {}), 405,
                                  "HTTPMethodNotAllowed")

    def test_deleting_an_external_network_takes_its_floating_ips(self):
        net = self.create_network(as_user="admin", **{"router:external": True})
        self.create_subnet(net["id"], "172.30.0.0/24", as_user="admin")
        self.call("POST", f"{V2}/floatingips", {"floatingip": {"floating_network_id":
                                                                net["id"]}})
        self.assertEqual(self.call("DELETE", f"{V2}/networks/{net['id']}", as_user="admin")
                         .status_code, 204)
        self.assertEqual(self.call("GET", f"{V2}/floatingips").json(), {"floatingips": []})

    def test_attributes_of_the_wrong_type_are_400(self):
        for body in ({"admin_state_up": "maybe"}, {"mtu": "big"}, {"name": 5},
                     {"provider:segmentation_id": "x"}):
            with self.subTest(body=body):
                self.assert_neutron_error(self.call("POST", f"{V2}/networks",
                                                    {"network": body}), 400, "InvalidInput")
        for resource, body in (("subnets", {"ip_version": 5, "cidr": "10.0.0.0/24"}),
                               ("subnets", {"allocation_pools": "all"}),
                               ("ports", {"fixed_ips": ["10.0.0.5"]}),
                               ("ports", {"mac_address": "nope"}),
                               ("floatingips", {"port_id": 7})):
            with self.subTest(resource=resource, body=body):
                response = self.call("POST", f"{V2}/{resource}", {resource[:-1]: body})
                self.assert_neutron_error(response, 400, "InvalidInput")

    def test_reader_cannot_create(self):
        response = self.call("POST", f"{V2}/networks", {"network": {}}, as_user="reader")
        self.assert_neutron_error(response, 403, "PolicyNotAuthorized")

    def test_missing_body_is_400(self):
        self.assert_neutron_error(self.call("POST", f"{V2}/networks", {"x": 1}), 400,
                                  "InvalidInput")


class SubnetTests(NeutronTestCase):
    def setUp(self):
        super().setUp()
        self.net = self.create_network()

    def test_create_computes_gateway_and_pools(self):
        response = self.create_subnet(self.net["id"])
        self.assertEqual(response.status_code, 201, response.content)
        subnet = response.json()["subnet"]
        self.assertEqual((subnet["gateway_ip"], subnet["allocation_pools"], subnet["cidr"]),
                         ("10.20.0.1", [{"start": "10.20.0.2", "end": "10.20.0.254"}],
                          "10.20.0.0/24"))
        shown = self.call("GET", f"{V2}/networks/{self.net['id']}").json()["network"]
        self.assertEqual(shown["subnets"], [subnet["id"]])

    def test_update_moves_the_gateway_outside_the_pools(self):
        subnet = self.create_subnet(self.net["id"], allocation_pools=[
            {"start": "10.20.0.10", "end": "10.20.0.20"}]).json()["subnet"]
        url = f"{V2}/subnets/{subnet['id']}"
        body = self.call("PUT", url, {"subnet": {"gateway_ip": "10.20.0.2",
                                                 "dns_nameservers": ["8.8.8.8"]}}).json()
        self.assertEqual((body["subnet"]["gateway_ip"], body["subnet"]["dns_nameservers"]),
                         ("10.20.0.2", ["8.8.8.8"]))
        self.assert_neutron_error(self.call("PUT", url, {"subnet": {"gateway_ip":
                                                                    "10.20.0.15"}}),
                                  400, "InvalidInput")

    def test_bad_cidr_is_400(self):
        self.assert_neutron_error(self.create_subnet(self.net["id"], cidr="10.20.0.0/99"),
                                  400, "InvalidInput")

    def test_gateway_outside_cidr_is_400(self):
        self.assert_neutron_error(self.create_subnet(self.net["id"], gateway_ip="10.9.9.9"),
                                  400, "InvalidInput")

    def test_on_another_projects_network_is_404(self):
        self.assert_neutron_error(self.create_subnet(self.net["id"], as_user="bob"), 404,
                                  "NetworkNotFound")

    def test_delete_in_use_is_409_then_free_is_204(self):
        subnet = self.create_subnet(self.net["id"]).json()["subnet"]
        port = self.call("POST", f"{V2}/ports", {"port": {"network_id": self.net["id"]}})
        self.assert_neutron_error(self.call("DELETE", f"{V2}/subnets/{subnet['id']}"), 409,
                                  "SubnetInUse")
        self.call("DELETE", f"{V2}/ports/{port.json()['port']['id']}")
        self.assertEqual(self.call("DELETE", f"{V2}/subnets/{subnet['id']}").status_code, 204)


class PortTests(NeutronTestCase):
    def setUp(self):
        super().setUp()
        self.net = self.create_network()
        self.subnet = self.create_subnet(self.net["id"]).json()["subnet"]

    def create_port(self, **body):
        return self.call("POST", f"{V2}/ports", {"port": {"network_id": self.net["id"],
                                                          **body}})

    def test_create_gets_mac_and_lowest_address(self):
        response = self.create_port(name="p1")
        self.assertEqual(response.status_code, 201, response.content)
        port = response.json()["port"]
        self.assertTrue(port["mac_address"].startswith("fa:16:3e:"))
        self.assertEqual(port["fixed_ips"], [{"subnet_id": self.subnet["id"],
                                              "ip_address": "10.20.0.2"}])

    def test_requested_address_and_conflict(self):
        port = self.create_port(fixed_ips=[{"ip_address": "10.20.0.50"}]).json()["port"]
        self.assertEqual(port["fixed_ips"][0]["ip_address"], "10.20.0.50")
        self.assert_neutron_error(self.create_port(fixed_ips=[{"ip_address": "10.20.0.50"}]),
                                  409, "IpAddressAlreadyAllocated")
        self.assert_neutron_error(self.create_port(fixed_ips=[{"ip_address": "10.99.0.5"}]),
                                  400, "InvalidIpForNetwork")

    def test_list_by_device_id(self):
        self.create_port(device_id="dev-1")
        self.create_port(device_id="dev-2")
        found = self.call("GET", f"{V2}/ports?device_id=dev-2").json()["ports"]
        self.assertEqual([p["device_id"] for p in found], ["dev-2"])

    def test_update_and_delete_release_the_address(self):
        port = self.create_port().json()["port"]
        response = self.call("PUT", f"{V2}/ports/{port['id']}", {"port": {"name": "renamed"}})
        self.assertEqual(response.json()["port"]["name"], "renamed")
        self.assertEqual(self.call("DELETE", f"{V2}/ports/{port['id']}").status_code, 204)
        self.assertFalse(FixedIP.objects.exists())
        self.assert_neutron_error(self.call("GET", f"{V2}/ports/{port['id']}"), 404,
                                  "PortNotFound")

    def test_other_project_cannot_see_the_port(self):
        port = self.create_port().json()["port"]
        self.assert_neutron_error(self.call("GET", f"{V2}/ports/{port['id']}", as_user="bob"),
                                  404, "PortNotFound")
        self.assertEqual(self.call("GET", f"{V2}/ports", as_user="bob").json(), {"ports": []})

    def test_member_cannot_bind_to_a_host(self):
        self.assert_neutron_error(self.create_port(**{"binding:host_id": "h1"}), 403,
                                  "PolicyNotAuthorized")


class FloatingIpTests(NeutronTestCase):
    def setUp(self):
        super().setUp()
        self.public = make_network("public", "172.24.4.0/28", project_id="admin",
                                   external=True)
        self.net = self.create_network()
        self.create_subnet(self.net["id"])
        self.port = self.call("POST", f"{V2}/ports", {"port": {"network_id": self.net["id"]}}
                              ).json()["port"]

    def create(self, **body):
        return self.call("POST", f"{V2}/floatingips", {"floatingip": {
            "floating_network_id": self.public.id, **body}})

    def test_create_takes_an_address_of_the_external_network(self):
        response = self.create()
        self.assertEqual(response.status_code, 201, response.content)
        fip = response.json()["floatingip"]
        self.assertEqual((fip["floating_ip_address"], fip["status"], fip["port_id"]),
                         ("172.24.4.2", "DOWN", None))

    def test_associate_and_disassociate_by_update(self):
        fip = self.create().json()["floatingip"]
        url = f"{V2}/floatingips/{fip['id']}"
        body = self.call("PUT", url, {"floatingip": {"port_id": self.port["id"]}}).json()
        self.assertEqual((body["floatingip"]["fixed_ip_address"],
                          body["floatingip"]["status"]), ("10.20.0.2", "ACTIVE"))
        body = self.call("PUT", url, {"floatingip": {"port_id": None}}).json()
        self.assertIsNone(body["floatingip"]["port_id"])

    def test_create_on_an_internal_network_is_400(self):
        response = self.call("POST", f"{V2}/floatingips", {"floatingip": {
            "floating_network_id": self.net["id"]}})
        self.assert_neutron_error(response, 400, "InvalidInput")

    def test_delete_returns_the_address(self):
        fip = self.create().json()["floatingip"]
        self.assertEqual(self.call("DELETE", f"{V2}/floatingips/{fip['id']}").status_code,
                         204)
        self.assertFalse(Port.objects.filter(network=self.public).exists())
        self.assertEqual(self.create().json()["floatingip"]["floating_ip_address"],
                         "172.24.4.2")

    def test_its_address_port_cannot_be_deleted_through_the_port_api(self):
        fip = self.create().json()["floatingip"]
        held = Port.objects.get(network=self.public)
        self.assert_neutron_error(self.call("DELETE", f"{V2}/ports/{held.id}", as_user="admin"),
                                  409, "Conflict")
        self.assertEqual(self.call("GET", f"{V2}/floatingips/{fip['id']}").status_code, 200)

    def test_other_project_cannot_see_it(self):
        fip = self.create().json()["floatingip"]
        self.assert_neutron_error(self.call("GET", f"{V2}/floatingips/{fip['id']}",
                                            as_user="bob"), 404, "FloatingIPNotFound")

    def test_the_projects_floating_ips_quota_is_enforced(self):
        quotas.set_limits(self.project_a.id, {"floating_ips": 1})
        self.create()
        self.assert_neutron_error(self.create(), 409, "OverQuota")
