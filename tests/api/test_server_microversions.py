"""/servers at microversions 2.63 to 2.100: each new field checked just below and at its
version (exact key sets), the create and update parameters they bring, and the list's
query rules (2.66 changes-before, 2.73 locked, 2.75 strict, 2.83 member filters)."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compute.models import Instance
from scheduler.models import ServerGroup
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_host, make_image, make_instance

SERVERS = "/compute/v2.1/servers"
GROUP = "11111111-2222-3333-4444-555555555555"
# The member's GET /servers/{id} document at 2.100, every key (security_groups aside: the
# networking layer decides it).
SHOW_2_100 = {
    "id", "name", "links", "status", "tenant_id", "user_id", "metadata", "hostId", "image",
    "flavor", "created", "updated", "addresses", "accessIPv4", "accessIPv6",
    "OS-DCF:diskConfig", "OS-EXT-AZ:availability_zone", "config_drive", "key_name",
    "OS-SRV-USG:launched_at", "OS-SRV-USG:terminated_at", "OS-EXT-STS:task_state",
    "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state", "os-extended-volumes:volumes_attached",
    "progress", "locked", "description", "tags", "trusted_image_certificates",
    "server_groups", "locked_reason", "OS-EXT-SRV-ATTR:hostname", "pinned_availability_zone",
    "scheduler_hints"}


class ServerMicroversionCase(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.host = make_host("mv-host", hypervisor_hostname="mv-node")
        self.flavor = make_flavor("m1.mv", flavorid="42")
        self.image = make_image(with_file=False, properties={
            "hw_disk_bus": "virtio", "os_distro": "cirros", "custom_thing": "x"})

    def create(self, version, as_user="alice", hints=None, **server):
        body = {"server": {"name": "vm one", "imageRef": self.image.id, "flavorRef": "42",
                           "networks": "none", **server}}
        if hints is not None:
            body["os:scheduler_hints"] = hints
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", SERVERS, body, as_user=as_user, version=version)

    def created(self, version="2.100", **kw):
        response = self.create(version, **kw)
        self.assertEqual(response.status_code, 202, response.content)
        return Instance.objects.get(uuid=response.json()["server"]["id"])

    def keys(self, path, version, as_user="alice", key="server"):
        response = self.call("GET", path, as_user=as_user, version=version)
        self.assertEqual(response.status_code, 200, response.content)
        return set(response.json()[key]) - {"security_groups"}


class ServerDocumentTests(ServerMicroversionCase):
    def setUp(self):
        super().setUp()
        ServerGroup.objects.create(uuid=GROUP, name="g", policy="affinity",
                                   project_id=self.project_a.pk)
        self.instance = self.created(hints={"group": GROUP, "same_host": []})
        self.path = f"{SERVERS}/{self.instance.uuid}"

    def added(self, version_before, version, path=None, as_user="alice"):
        path = path or self.path
        return self.keys(path, version, as_user) - self.keys(path, version_before, as_user)

    def test_member_show_at_2_100_has_exactly_these_keys(self):
        self.assertEqual(self.keys(self.path, "2.100"), SHOW_2_100)

    def test_each_version_adds_its_field(self):
        self.assertEqual(self.added("2.62", "2.63"), {"trusted_image_certificates"})
        self.assertEqual(self.added("2.70", "2.71"), {"server_groups"})
        self.assertEqual(self.added("2.89", "2.90"), {"OS-EXT-SRV-ATTR:hostname"})
        self.assertEqual(self.added("2.95", "2.96"), {"pinned_availability_zone"})
        self.assertEqual(self.added("2.99", "2.100"), {"scheduler_hints"})

    def test_admin_always_had_the_hostname(self):
        self.assertEqual(self.added("2.89", "2.90", as_user="admin"), set())

    def test_values(self):
        server = self.call("GET", self.path, version="2.100").json()["server"]
        self.assertIsNone(server["trusted_image_certificates"])
        self.assertEqual(server["server_groups"], [GROUP])
        self.assertEqual(server["OS-EXT-SRV-ATTR:hostname"], "vm-one")
        self.assertIsNone(server["pinned_availability_zone"])
        self.assertEqual(server["scheduler_hints"], {"group": [GROUP], "same_host": []})

    def test_image_properties_from_2_98(self):
        image = self.call("GET", self.path, version="2.97").json()["server"]["image"]
        self.assertEqual(set(image), {"id", "links"})
        image = self.call("GET", self.path, version="2.98").json()["server"]["image"]
        # only the standard properties Nova keeps, as they were at boot
        self.assertEqual(image["properties"], {"hw_disk_bus": "virtio", "os_distro": "cirros"})

    def test_list_detail_has_no_server_groups(self):
        response = self.call("GET", f"{SERVERS}/detail", version="2.100")
        [server] = response.json()["servers"]
        self.assertEqual(set(server) - {"security_groups"}, SHOW_2_100 - {"server_groups"})

    def test_put_answers_the_show_document_from_2_75(self):
        response = self.call("PUT", self.path, {"server": {"name": "renamed"}},
                             version="2.100")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(set(response.json()["server"]) - {"security_groups"}, SHOW_2_100)

    def test_server_without_hints_or_group(self):
        other = self.created(version="2.100")
        server = self.call("GET", f"{SERVERS}/{other.uuid}", version="2.100").json()["server"]
        self.assertEqual((server["scheduler_hints"], server["server_groups"]), ({}, []))


class CreateParameterTests(ServerMicroversionCase):
    def test_trusted_certificates_from_2_63(self):
        self.assert_error(self.create("2.62", trusted_image_certificates=["a"]), 400,
                          "badRequest")
        instance = self.created("2.63", trusted_image_certificates=["a", "b"])
        server = self.call("GET", f"{SERVERS}/{instance.uuid}", version="2.63").json()
        self.assertEqual(server["server"]["trusted_image_certificates"], ["a", "b"])

    def test_trusted_certificates_shape(self):
        for bad in ([], ["a", "a"], [""], ["x"] * 51, "a"):
            self.assert_error(self.create("2.63", trusted_image_certificates=bad), 400,
                              "badRequest")

    def test_pinned_zone_is_the_requested_one(self):
        instance = self.created("2.96", availability_zone="nova")
        server = self.call("GET", f"{SERVERS}/{instance.uuid}", version="2.96").json()
        self.assertEqual(server["server"]["pinned_availability_zone"], "nova")

    def test_hostname_from_2_90_one_label(self):
        self.assert_error(self.create("2.89", hostname="guest"), 400, "badRequest")
        self.assertEqual(self.created("2.90", hostname="guest-1").hostname, "guest-1")
        for bad in ("a", "guest.example.com", "-guest", "gu_est"):
            self.assert_error(self.create("2.90", hostname=bad), 400, "badRequest")

    def test_fqdn_hostname_from_2_94(self):
        fqdn = "x" * 52 + "-guest-test.domaintest.com"
        self.assert_error(self.create("2.93", hostname=fqdn), 400, "badRequest")
        self.assertEqual(self.created("2.94", hostname=fqdn).hostname, fqdn)

    def test_one_hostname_cannot_name_several_servers(self):
        message = self.assert_error(self.create("2.90", hostname="hh", min_count=2), 400,
                                    "badRequest")
        self.assertIn("single hostname", message)

    def test_default_hostname_is_the_sanitised_name(self):
        self.assertEqual(self.created("2.90", name="My_Server.one").hostname, "my-server-one")
        created = self.create("2.90", name="web", min_count=2)
        self.assertEqual(created.status_code, 202)
        self.assertEqual(sorted(Instance.objects.filter(display_name__startswith="web-")
                                .values_list("hostname", flat=True)), ["web-1", "web-2"])

    def test_requested_destination_from_2_74_for_admins(self):
        self.assert_error(self.create("2.73", as_user="admin", host="mv-host"), 400,
                          "badRequest")
        self.assert_error(self.create("2.74", host="mv-host"), 403, "forbidden")
        instance = self.created("2.74", as_user="admin", host="mv-host",
                                hypervisor_hostname="mv-node")
        self.assertEqual((instance.requested_host, instance.requested_node),
                         ("mv-host", "mv-node"))

    def test_unknown_requested_destination_is_400(self):
        for fields in ({"host": "nope"}, {"hypervisor_hostname": "nope"},
                       {"host": "mv-host", "hypervisor_hostname": "nope"}):
            message = self.assert_error(self.create("2.74", as_user="admin", **fields), 400,
                                        "badRequest")
            self.assertIn("could not be found", message)
        self.assertFalse(Instance.objects.exists())


class UpdateParameterTests(ServerMicroversionCase):
    def test_hostname_update_from_2_90(self):
        instance = self.created("2.90")
        path = f"{SERVERS}/{instance.uuid}"
        self.assert_error(self.call("PUT", path, {"server": {"hostname": "new"}},
                                    version="2.89"), 400, "badRequest")
        response = self.call("PUT", path, {"server": {"hostname": "new-name"}}, version="2.90")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["server"]["OS-EXT-SRV-ATTR:hostname"], "new-name")
        self.assert_error(self.call("PUT", path, {"server": {"hostname": "a.b"}},
                                    version="2.93"), 400, "badRequest")
        response = self.call("PUT", path, {"server": {"hostname": "a.b"}}, version="2.94")
        self.assertEqual(response.json()["server"]["OS-EXT-SRV-ATTR:hostname"], "a.b")

    def test_renaming_keeps_the_hostname(self):
        instance = self.created("2.90", name="first")
        self.call("PUT", f"{SERVERS}/{instance.uuid}", {"server": {"name": "second"}},
                  version="2.90")
        instance.refresh_from_db()
        self.assertEqual((instance.display_name, instance.hostname), ("second", "first"))


class ListQueryTests(ServerMicroversionCase):
    def setUp(self):
        super().setUp()
        self.locked = make_instance(project_id=self.project_a.pk, locked=True, key_name="k1",
                                    flavor=self.flavor)
        self.unlocked = make_instance(project_id=self.project_a.pk, key_name="k2",
                                      flavor=self.flavor)

    def ids(self, query, version, as_user="alice"):
        response = self.call("GET", f"{SERVERS}?{query}", as_user=as_user, version=version)
        self.assertEqual(response.status_code, 200, response.content)
        return {server["id"] for server in response.json()["servers"]}

    def test_unknown_parameter_is_ignored_below_2_75_and_400_from_it(self):
        self.assertEqual(len(self.ids("bogus=1", "2.74")), 2)
        message = self.assert_error(self.call("GET", f"{SERVERS}?bogus=1", version="2.75"),
                                    400, "badRequest")
        self.assertIn("'bogus' was unexpected", message)

    def test_joined_table_filters_are_400_at_any_version(self):
        self.assert_error(self.call("GET", f"{SERVERS}?metadata=x", version="2.1"), 400,
                          "badRequest")

    def test_locked_filter_from_2_73(self):
        self.assertEqual(len(self.ids("locked=true", "2.72")), 2)
        self.assertEqual(self.ids("locked=true", "2.73"), {self.locked.uuid})
        self.assertEqual(self.ids("locked=false", "2.73"), {self.unlocked.uuid})

    def test_locked_sort_key_from_2_73(self):
        self.assertEqual(self.call("GET", f"{SERVERS}?sort_key=locked", version="2.72")
                         .status_code, 200)  # ignored, as Nova does
        self.assertEqual(self.call("GET", f"{SERVERS}?sort_key=locked", version="2.73")
                         .status_code, 200)
        self.assert_error(self.call("GET", f"{SERVERS}?sort_key=vcpus", version="2.75"), 400,
                          "badRequest")

    def test_members_may_not_sort_by_host(self):
        self.assert_error(self.call("GET", f"{SERVERS}?sort_key=host"), 403, "forbidden")

    def test_member_filters_from_2_83(self):
        self.assertEqual(len(self.ids("key_name=k1", "2.82")), 2)
        self.assertEqual(self.ids("key_name=k1", "2.83"), {self.locked.uuid})
        self.assertEqual(self.ids("key_name=k1&all_tenants=1", "2.82", as_user="admin"),
                         {self.locked.uuid})

    def test_changes_before_from_2_66(self):
        past = "2000-01-01T00:00:00Z"
        self.assertEqual(len(self.ids(f"changes-before={past}", "2.65")), 2)
        self.assertEqual(self.ids(f"changes-before={past}", "2.66"), set())
        now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        self.assert_error(self.call("GET", f"{SERVERS}?changes-since={now}&"
                                           f"changes-before={past}", version="2.66"),
                          400, "badRequest")


class RebuildDocumentTests(ServerMicroversionCase):
    """Rebuild answers the show document from 2.75, so the fields above apply to it."""

    def setUp(self):
        super().setUp()
        self.instance = self.created()
        Instance.objects.filter(pk=self.instance.pk).update(
            host=self.host, vm_state="active", task_state=None)
        self.new_image = make_image("new", with_file=False, properties={"os_distro": "debian"})

    def rebuild(self, version, **arg):
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", f"{SERVERS}/{self.instance.uuid}/action",
                             {"rebuild": {"imageRef": self.new_image.id, **arg}},
                             version=version)

    def test_rebuild_at_2_100_answers_every_show_key(self):
        response = self.rebuild("2.100")
        self.assertEqual(response.status_code, 202, response.content)
        server = response.json()["server"]
        self.assertEqual(set(server) - {"security_groups"},
                         SHOW_2_100 | {"user_data", "adminPass"})
        self.assertEqual(server["image"]["properties"], {"os_distro": "debian"})

    def test_rebuild_hostname_forms(self):
        self.assert_error(self.rebuild("2.90", hostname="a.b"), 400, "badRequest")
        response = self.rebuild("2.94", hostname="a.b")
        self.assertEqual(response.status_code, 202, response.content)
        self.instance.refresh_from_db()
        self.assertEqual(self.instance.hostname, "a.b")


class LockAndMappingTests(ServerMicroversionCase):
    def setUp(self):
        super().setUp()
        self.instance = make_instance(project_id=self.project_a.pk, flavor=self.flavor,
                                      host=self.host)

    def lock(self, version, arg):
        return self.call("POST", f"{SERVERS}/{self.instance.uuid}/action", {"lock": arg},
                         version=version)

    def test_lock_reason_is_ignored_below_2_73(self):
        self.assertEqual(self.lock("2.72", {"locked_reason": "x"}).status_code, 202)
        self.instance.refresh_from_db()
        self.assertEqual((self.instance.locked, self.instance.locked_reason), (True, ""))

    def test_lock_reason_from_2_73(self):
        self.assertEqual(self.lock("2.73", {"locked_reason": "maintenance"}).status_code, 202)
        server = self.call("GET", f"{SERVERS}/{self.instance.uuid}", version="2.73").json()
        self.assertEqual(server["server"]["locked_reason"], "maintenance")

    def test_lock_argument_is_checked_from_2_73(self):
        for arg in ({"locked_reason": "x" * 256}, {"locked_reason": ""}, {"other": 1}):
            self.assert_error(self.lock("2.73", arg), 400, "badRequest")
        self.assertEqual(self.lock("2.73", None).status_code, 202)

    def test_mapping_volume_type_from_2_67(self):
        mapping = [{"uuid": self.image.id, "boot_index": 0, "source_type": "image",
                    "destination_type": "local", "volume_type": "fast"}]
        self.assert_error(self.create("2.66", block_device_mapping_v2=mapping), 400,
                          "badRequest")
        self.assertEqual(self.create("2.67", block_device_mapping_v2=mapping).status_code, 202)
        mapping[0]["volume_type"] = 3
        self.assert_error(self.create("2.67", block_device_mapping_v2=mapping), 400,
                          "badRequest")


class ListDetailQueryTests(ServerMicroversionCase):
    def test_hints_of_a_page_are_read_in_one_query(self):
        for index in range(3):
            self.created(hints={"same_host": [], "n": str(index)})
        with CaptureQueriesContext(connection) as queries:
            servers = self.call("GET", f"{SERVERS}/detail", version="2.100").json()["servers"]
        self.assertEqual(sorted(s["scheduler_hints"]["n"][0] for s in servers), ["0", "1", "2"])
        placement_reads = [q for q in queries.captured_queries
                           if "scheduler_placementrequest" in q["sql"]]
        self.assertEqual(len(placement_reads), 1)
