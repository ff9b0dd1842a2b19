"""Nova's /os-floating-ips, /os-floating-ip-pools and add/removeFloatingIp (up to 2.35/2.43)."""
from compute import quotas
from networking import floating_ips, ports
from networking.models import FloatingIP
from tests.api.base import ApiTestCase
from tests.factories import make_host, make_instance, make_network

FIPS = "/compute/v2.1/os-floating-ips"


class FloatingIpProxyTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.public = make_network("public", "172.24.4.0/28", project_id="admin",
                                   external=True)

    def allocate(self, pool="public", as_user="alice"):
        return self.call("POST", FIPS, {"pool": pool}, as_user=as_user)

    def test_allocate_answers_nova_shape(self):
        response = self.allocate()
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()["floating_ip"]
        self.assertEqual(body, {"id": body["id"], "pool": "public", "instance_id": None,
                                "ip": "172.24.4.2", "fixed_ip": None})

    def test_allocate_by_pool_id_and_without_a_body(self):
        self.assertEqual(self.allocate(pool=self.public.id).status_code, 200)
        self.assertEqual(self.call("POST", FIPS).status_code, 200)

    def test_a_pool_or_body_of_the_wrong_type_is_400_and_allocates_nothing(self):
        for body in ([], [1], "public", 1, {"pool": []}, {"pool": {}}, {"pool": 5},
                     {"pool": ["public"]}):
            self.assert_error(self.call("POST", FIPS, body), 400, "badRequest")
        self.assertFalse(FloatingIP.objects.exists())
        self.assertEqual(self.call("POST", FIPS, {"pool": None}).status_code, 200)

    def test_unknown_pool_is_404(self):
        self.assert_error(self.allocate("non_exist_pool"), 404, "itemNotFound")

    def test_list_and_show_are_the_projects_own(self):
        mine = self.allocate().json()["floating_ip"]
        self.allocate(as_user="bob")
        listed = self.call("GET", FIPS, as_user="reader").json()["floating_ips"]
        self.assertEqual(listed, [mine])
        self.assertEqual(self.call("GET", f"{FIPS}/{mine['id']}").json()["floating_ip"], mine)
        self.assert_error(self.call("GET", f"{FIPS}/{mine['id']}", as_user="bob"), 404,
                          "itemNotFound")

    def test_delete_is_202_then_404(self):
        fip = self.allocate().json()["floating_ip"]
        self.assertEqual(self.call("DELETE", f"{FIPS}/{fip['id']}").status_code, 202)
        self.assert_error(self.call("DELETE", f"{FIPS}/{fip['id']}"), 404, "itemNotFound")

    def test_over_quota_is_403(self):
        quotas.set_limits(self.project_a.id, {"floating_ips": 1})
        self.allocate()
        self.assert_error(self.allocate(), 403, "forbidden")

    def test_gone_from_2_36(self):
        self.assert_error(self.call("GET", FIPS, version="2.36"), 404, "itemNotFound")

    def test_pools_list_external_networks(self):
        make_network("private", "10.0.0.0/24", project_id="admin", shared=True)
        body = self.call("GET", "/compute/v2.1/os-floating-ip-pools").json()
        self.assertEqual(body, {"floating_ip_pools": [{"name": "public"}]})


class FloatingIpActionTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.public = make_network("public", "172.24.4.0/28", project_id="admin",
                                   external=True)
        self.net = make_network("private", "10.0.0.0/24", project_id=self.project_a.id)
        self.vm = self.server()
        self.fip = floating_ips.allocate(project_id=self.project_a.id, network=self.public)

    def server(self):
        vm = make_instance(project_id=self.project_a.id, host=make_host())
        ports.create_port(network=self.net, project_id=self.project_a.id, device_id=vm.uuid)
        return vm

    def action(self, vm, name, address, **extra):
        return self.call("POST", f"/compute/v2.1/servers/{vm.uuid}/action",
                         {name: {"address": address, **extra}})

    def test_add_maps_to_the_first_fixed_address_and_shows_in_addresses(self):
        self.assertEqual(self.action(self.vm, "addFloatingIp", "172.24.4.2").status_code, 202)
        shown = self.call("GET", f"{FIPS}/{self.fip.id}").json()["floating_ip"]
        self.assertEqual((shown["instance_id"], shown["fixed_ip"]), (self.vm.uuid, "10.0.0.2"))
        server = self.call("GET", f"/compute/v2.1/servers/{self.vm.uuid}").json()["server"]
        self.assertEqual([(a["addr"], a["OS-EXT-IPS:type"]) for a in
                          server["addresses"]["private"]],
                         [("10.0.0.2", "fixed"), ("172.24.4.2", "floating")])

    def test_add_moves_an_associated_address_and_remove_from_old_is_409(self):
        other = self.server()
        self.action(self.vm, "addFloatingIp", "172.24.4.2")
        self.assertEqual(self.action(other, "addFloatingIp", "172.24.4.2").status_code, 202)
        self.assert_error(self.action(self.vm, "removeFloatingIp", "172.24.4.2"), 409,
                          "conflictingRequest")
        self.assertEqual(self.action(other, "removeFloatingIp", "172.24.4.2").status_code, 202)
        self.assertIsNone(FloatingIP.objects.get().port_id)

    def test_second_floating_ip_on_the_same_fixed_address_is_400(self):
        second = floating_ips.allocate(project_id=self.project_a.id, network=self.public)
        self.action(self.vm, "addFloatingIp", "172.24.4.2")
        self.assert_error(self.action(self.vm, "addFloatingIp", second.floating_ip_address),
                          400, "badRequest")

    def test_unknown_address_is_404_and_empty_is_400(self):
        self.assert_error(self.action(self.vm, "addFloatingIp", "0.0.0.0"), 404, "itemNotFound")
        self.assert_error(self.action(self.vm, "removeFloatingIp", "0.0.0.0"), 404,
                          "itemNotFound")
        self.assert_error(self.action(self.vm, "addFloatingIp", ""), 400, "badRequest")

    def test_actions_are_gone_from_2_44(self):
        response = self.call("POST", f"/compute/v2.1/servers/{self.vm.uuid}/action",
                             {"addFloatingIp": {"address": "172.24.4.2"}}, version="2.44")
        self.assert_error(response, 404, "itemNotFound")

    def test_fixed_address_not_on_the_server_is_400(self):
        self.assert_error(self.action(self.vm, "addFloatingIp", "172.24.4.2",
                                      fixed_address="10.0.0.99"), 400, "badRequest")

    def test_server_without_ports_is_400(self):
        bare = make_instance(project_id=self.project_a.id, host=make_host())
        self.assert_error(self.action(bare, "addFloatingIp", "172.24.4.2"), 400, "badRequest")

    def test_another_projects_address_is_404(self):
        theirs = floating_ips.allocate(project_id=self.project_b.id, network=self.public)
        self.assert_error(self.action(self.vm, "addFloatingIp", theirs.floating_ip_address),
                          404, "itemNotFound")


class NetworkProxyTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.private = make_network("private", "10.0.0.0/24", project_id="admin", shared=True)
        self.theirs = make_network("theirs", "10.1.0.0/24", project_id=self.project_b.id)

    def test_os_networks_lists_visible_networks_with_label(self):
        body = self.call("GET", "/compute/v2.1/os-networks").json()
        self.assertEqual([(n["id"], n["label"], n["cidr"]) for n in body["networks"]],
                         [(self.private.id, "private", "10.0.0.0/24")])
        self.assertNotIn("project_id", body["networks"][0])

    def test_admin_sees_admin_fields(self):
        body = self.call("GET", f"/compute/v2.1/os-networks/{self.private.id}",
                         as_user="admin").json()
        self.assertIn("project_id", body["network"])

    def test_show_unknown_or_invisible_is_404(self):
        for network_id in ("private", self.theirs.id):
            self.assert_error(self.call("GET", f"/compute/v2.1/os-networks/{network_id}"), 404,
                              "itemNotFound")

    def test_tenant_networks_have_id_label_cidr_only(self):
        body = self.call("GET", "/compute/v2.1/os-tenant-networks").json()
        self.assertEqual(body, {"networks": [{"id": self.private.id, "label": "private",
                                              "cidr": "10.0.0.0/24"}]})
        shown = self.call("GET", f"/compute/v2.1/os-tenant-networks/{self.private.id}").json()
        self.assertEqual(shown["network"]["id"], self.private.id)

    def test_gone_from_2_36(self):
        self.assert_error(self.call("GET", "/compute/v2.1/os-networks", version="2.36"), 404,
                          "itemNotFound")
