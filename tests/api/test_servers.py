"""Compute v2.1 /servers: create, list, show, update, delete, actions, errors, tenancy."""
from django.test import override_settings

from api import microversions
from compute.models import Instance
from tests.api.base import ApiTestCase
from tests.factories import make_flavor, make_host, make_image

SERVERS = "/compute/v2.1/servers"


class ServerApiTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("api-host")
        self.flavor = make_flavor("m1.api", flavorid="42")
        self.image = make_image(with_file=False)

    def create(self, as_user="alice", **server):
        body = {"server": {"name": "vm", "imageRef": self.image.id, "flavorRef": "42", **server}}
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", SERVERS, body, as_user=as_user)

    def created(self, **kw):
        response = self.create(**kw)
        self.assertEqual(response.status_code, 202, response.content)
        return Instance.objects.get(uuid=response.json()["server"]["id"])


class CreateTests(ServerApiTestCase):
    def test_create_answers_202_with_nova_fields_and_headers(self):
        response = self.create()
        self.assertEqual(response.status_code, 202)
        server = response.json()["server"]
        self.assertEqual(set(server), {"id", "links", "OS-DCF:diskConfig", "security_groups",
                                       "adminPass"})
        self.assertTrue(response["Location"].endswith(f"/servers/{server['id']}"))
        self.assertTrue(response["x-openstack-request-id"].startswith("req-"))
        self.assertEqual(response["x-openstack-request-id"], response["x-compute-request-id"])

    def test_create_action_request_id_is_the_response_request_id(self):
        response = self.create()
        instance = Instance.objects.get(uuid=response.json()["server"]["id"])
        self.assertEqual(instance.actions.get().request_id, response["x-compute-request-id"])

    def test_min_max_count_creates_several(self):
        self.create(min_count=2, max_count=3)
        self.assertEqual(Instance.objects.count(), 3)

    def test_accessipv6_is_stored_canonical(self):
        instance = self.created(accessIPv6="0000:0000:0000:0000:0000:babe:220.12.22.2")
        self.assertEqual(instance.access_ip_v6, "::babe:dc0c:1602")

    def test_unknown_image_is_400_and_creates_nothing(self):
        response = self.create(imageRef="00000000-0000-0000-0000-000000000000")
        self.assert_error(response, 400, "badRequest")
        self.assertFalse(Instance.objects.exists())

    def test_unknown_flavor_is_400(self):
        self.assert_error(self.create(flavorRef="nope"), 400, "badRequest")

    def test_empty_name_is_400(self):
        self.assert_error(self.create(name=""), 400, "badRequest")

    def test_unknown_property_is_400(self):
        self.assert_error(self.create(bogus=1), 400, "badRequest")

    def test_bad_user_data_is_400(self):
        self.assert_error(self.create(user_data="not base64!"), 400, "badRequest")

    def test_min_count_above_max_count_is_400(self):
        self.assert_error(self.create(min_count=3, max_count=2), 400, "badRequest")

    def test_reader_cannot_create(self):
        self.assert_error(self.create(as_user="reader"), 403, "forbidden")

    def test_no_token_is_401(self):
        self.assert_error(self.create(as_user=None), 401, "unauthorized")


class ReadTests(ServerApiTestCase):
    def test_detail_at_2_1_has_exactly_nova_keys(self):
        instance = self.created()
        body = self.call("GET", f"{SERVERS}/{instance.uuid}").json()["server"]
        allowed = {"id", "name", "status", "image", "flavor", "user_id", "tenant_id",
                   "created", "updated", "metadata", "links", "addresses", "hostId",
                   "progress", "fault", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6",
                   "key_name", "security_groups", "OS-SRV-USG:launched_at",
                   "OS-SRV-USG:terminated_at", "OS-EXT-AZ:availability_zone",
                   "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state",
                   "os-extended-volumes:volumes_attached", "config_drive"}
        self.assertLessEqual(set(body), allowed)
        self.assertEqual((body["status"], body["OS-EXT-STS:task_state"]), ("BUILD", "scheduling"))
        self.assertEqual(body["flavor"]["id"], "42")

    def test_admin_sees_extended_server_attributes(self):
        instance = self.created()
        body = self.call("GET", f"{SERVERS}/{instance.uuid}", as_user="admin").json()
        self.assertIn("OS-EXT-SRV-ATTR:instance_name", body["server"])

    def test_brief_list_items_are_id_links_name(self):
        self.created()
        servers = self.call("GET", SERVERS).json()["servers"]
        self.assertEqual(set(servers[0]), {"id", "links", "name"})

    def test_other_projects_servers_are_invisible(self):
        instance = self.created()
        self.assert_error(self.call("GET", f"{SERVERS}/{instance.uuid}", as_user="bob"),
                          404, "itemNotFound")
        self.assertEqual(self.call("GET", SERVERS, as_user="bob").json()["servers"], [])

    def test_admin_all_tenants_sees_everyone(self):
        self.created()
        servers = self.call("GET", f"{SERVERS}/detail?all_tenants=1", as_user="admin").json()
        self.assertEqual(len(servers["servers"]), 1)

    def test_limit_and_marker_page_with_next_link(self):
        for _ in range(3):
            self.created()
        first = self.call("GET", f"{SERVERS}?limit=2").json()
        self.assertEqual(len(first["servers"]), 2)
        self.assertIn("marker=", first["servers_links"][0]["href"])
        marker = first["servers"][-1]["id"]
        second = self.call("GET", f"{SERVERS}?limit=2&marker={marker}").json()
        self.assertEqual(len(second["servers"]), 1)
        self.assertNotIn("servers_links", second)

    def test_unknown_marker_is_400(self):
        self.assert_error(self.call("GET", f"{SERVERS}?marker=nope"), 400, "badRequest")

    def test_filters_by_status_and_name(self):
        self.created(name="web-1")
        self.created(name="db-1")
        names = [s["name"] for s in
                 self.call("GET", f"{SERVERS}?name=web&status=BUILD").json()["servers"]]
        self.assertEqual(names, ["web-1"])
        self.assertEqual(self.call("GET", f"{SERVERS}?status=ACTIVE").json()["servers"], [])

    def test_deleted_false_is_accepted(self):
        self.assertEqual(self.call("GET", f"{SERVERS}/detail?deleted=False").status_code, 200)

    def test_unknown_server_is_404_json(self):
        self.assert_error(self.call("GET", f"{SERVERS}/nope"), 404, "itemNotFound")

    def test_update_renames(self):
        instance = self.created()
        response = self.call("PUT", f"{SERVERS}/{instance.uuid}", {"server": {"name": "new"}})
        self.assertEqual(response.json()["server"]["name"], "new")


class ActionAndDeleteTests(ServerApiTestCase):
    def setUp(self):
        super().setUp()
        self.instance = self.created()
        Instance.objects.filter(pk=self.instance.pk).update(vm_state="active", task_state=None,
                                                            host=self.host)

    def action(self, body, as_user="alice"):
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", f"{SERVERS}/{self.instance.uuid}/action", body,
                             as_user=as_user)

    def test_stop_with_null_or_empty_body_is_202(self):
        self.assertEqual(self.action({"os-stop": None}).status_code, 202)
        self.instance.refresh_from_db()
        self.assertEqual(self.instance.task_state, "powering-off")

    def test_action_in_wrong_state_is_409_with_nova_message(self):
        message = self.assert_error(self.action({"os-start": {}}), 409, "conflictingRequest")
        self.assertIn(f"Cannot 'start' instance {self.instance.uuid}", message)

    def test_reboot_needs_a_valid_type(self):
        self.assert_error(self.action({"reboot": {"type": "WARM"}}), 400, "badRequest")
        self.assertEqual(self.action({"reboot": {"type": "HARD"}}).status_code, 202)

    def test_unknown_action_is_400(self):
        self.assert_error(self.action({"fly": {}}), 400, "badRequest")

    def test_reset_state_is_admin_only(self):
        self.assert_error(self.action({"os-resetState": {"state": "error"}}), 403, "forbidden")
        self.assertEqual(self.action({"os-resetState": {"state": "error"}}, "admin")
                         .status_code, 202)

    def test_locked_server_refuses_member_actions(self):
        self.action({"lock": {}}, as_user="admin")
        self.assert_error(self.action({"pause": {}}), 409, "conflictingRequest")

    def test_delete_is_204_then_deleting(self):
        with self.captureOnCommitCallbacks(execute=False):
            response = self.call("DELETE", f"{SERVERS}/{self.instance.uuid}")
        self.assertEqual(response.status_code, 204)
        self.instance.refresh_from_db()
        self.assertEqual(self.instance.task_state, "deleting")

    def test_other_project_cannot_act(self):
        self.assert_error(self.action({"pause": {}}, as_user="bob"), 404, "itemNotFound")


class MicroversionTests(ServerApiTestCase):
    def test_no_header_means_minimum_and_is_echoed(self):
        response = self.call("GET", SERVERS)
        self.assertEqual(response["X-OpenStack-Nova-API-Version"], "2.1")
        self.assertEqual(response["OpenStack-API-Version"], "compute 2.1")

    def test_requested_version_is_echoed(self):
        response = self.call("GET", SERVERS, version="2.1")
        self.assertEqual(response["X-OpenStack-Nova-API-Version"], "2.1")

    def test_latest_means_the_maximum(self):
        response = self.call("GET", SERVERS, version="latest")
        self.assertEqual(response["X-OpenStack-Nova-API-Version"],
                         microversions.render(microversions.MAX_VERSION))

    def test_too_high_is_406(self):
        self.assert_error(self.call("GET", SERVERS, version="9.99"), 406, "HTTPNotAcceptable")

    def test_garbage_is_400(self):
        self.assert_error(self.call("GET", SERVERS, version="two"), 400, "badRequest")

    @override_settings()
    def test_new_style_header_wins(self):
        response = self.call("GET", SERVERS, headers={"OpenStack-API-Version": "compute 2.1",
                                                      "X-OpenStack-Nova-API-Version": "9.9"})
        self.assertEqual(response.status_code, 200)


class CreateMicroversionTests(ServerApiTestCase):
    """Create-body rules that change with the microversion."""

    def setUp(self):
        super().setUp()
        from unittest import mock

        patcher = mock.patch.object(microversions, "MAX_VERSION", (2, 100))
        patcher.start()
        self.addCleanup(patcher.stop)

    def post(self, version, **server):
        body = {"server": {"name": "vm", "imageRef": self.image.id, "flavorRef": "42", **server}}
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", SERVERS, body, version=version)

    def test_networks_is_required_from_2_37(self):
        self.assert_error(self.post("2.37"), 400, "badRequest")
        self.assertEqual(self.post("2.37", networks="none").status_code, 202)
        self.assertEqual(self.post("2.36").status_code, 202)

    def test_description_only_from_2_19(self):
        self.assert_error(self.post("2.18", description="d"), 400, "badRequest")
        self.assertEqual(self.post("2.19", description="d").status_code, 202)


class UpdateViewTests(ServerApiTestCase):
    def test_put_answers_the_core_document_below_2_75(self):
        instance = self.created()
        body = self.call("PUT", f"{SERVERS}/{instance.uuid}", {"server": {"name": "n"}}).json()
        self.assertNotIn("OS-EXT-STS:vm_state", body["server"])
        self.assertNotIn("security_groups", body["server"])
        self.assertEqual(body["server"]["name"], "n")

    def test_action_on_unknown_server_is_404_even_for_unknown_actions(self):
        self.assert_error(self.call("POST", f"{SERVERS}/nope/action", {"rebuild": {}}),
                          404, "itemNotFound")


class BlockDeviceMappingTests(ServerApiTestCase):
    def test_non_object_mapping_is_400_not_500(self):
        body = {"server": {"name": "vm", "flavorRef": "42", "block_device_mapping_v2": [1]}}
        self.assert_error(self.call("POST", SERVERS, body), 400, "badRequest")

    def test_image_from_the_boot_mapping(self):
        body = {"server": {"name": "vm", "flavorRef": "42", "block_device_mapping_v2": [
            {"uuid": self.image.id, "boot_index": 0, "source_type": "image",
             "destination_type": "local"}]}}
        with self.captureOnCommitCallbacks(execute=False):
            self.assertEqual(self.call("POST", SERVERS, body).status_code, 202)


class ProgressTests(ServerApiTestCase):
    def test_progress_only_while_active_or_building(self):
        instance = self.created()
        self.assertIn("progress", self.call("GET", f"{SERVERS}/{instance.uuid}").json()["server"])
        Instance.objects.filter(pk=instance.pk).update(vm_state="stopped", task_state=None)
        body = self.call("GET", f"{SERVERS}/{instance.uuid}").json()["server"]
        self.assertNotIn("progress", body)
