"""Compute quotas: /os-quota-sets and /os-quota-class-sets, and their enforcement when
servers are created (403 naming resource, limit, usage and request; nothing written)."""
from api import tokens
from compute import quotas, services
from compute.models import Instance
from scheduler.groups import create_server_group
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_host, make_image, make_instance

SETS = "/compute/v2.1/os-quota-sets"
CLASSES = "/compute/v2.1/os-quota-class-sets"
KEYS_21 = {"instances", "cores", "ram", "metadata_items", "injected_files",
           "injected_file_content_bytes", "injected_file_path_bytes", "key_pairs",
           "server_groups", "server_group_members", "fixed_ips", "floating_ips",
           "security_groups", "security_group_rules"}
NETWORK = {"fixed_ips", "floating_ips", "security_groups", "security_group_rules"}
PERSONALITY = {"injected_files", "injected_file_content_bytes", "injected_file_path_bytes"}


class QuotaSetTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.pid = self.project_a.id
        flavor = make_flavor(vcpus=2, memory_mb=1024)
        make_instance(project_id=self.pid, flavor=flavor)
        make_instance(project_id=self.pid, flavor=flavor, vm_state="deleted")

    def show(self, path="", as_user="alice", version=None):
        response = self.call("GET", f"{SETS}/{self.pid}{path}", as_user=as_user,
                             version=version)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["quota_set"]

    def update(self, as_user="admin", query="", version=None, **values):
        return self.call("PUT", f"{SETS}/{self.pid}{query}", {"quota_set": values},
                         as_user=as_user, version=version)

    def test_show_has_nova_defaults_and_the_project_id(self):
        quota_set = self.show()
        self.assertEqual(set(quota_set), KEYS_21 | {"id"})
        self.assertEqual((quota_set["id"], quota_set["instances"], quota_set["cores"],
                          quota_set["ram"], quota_set["key_pairs"], quota_set["fixed_ips"]),
                         (self.pid, 10, 20, 51200, 100, -1))

    def test_keys_per_microversion(self):
        self.assertEqual(set(self.show(version="2.36")), KEYS_21 - NETWORK | {"id"})
        self.assertEqual(set(self.show(version="2.57")),
                         KEYS_21 - NETWORK - PERSONALITY | {"id"})

    def test_detail_counts_live_instances(self):
        quota_set = self.show("/detail")
        self.assertEqual(quota_set["cores"], {"limit": 20, "in_use": 2, "reserved": 0})
        self.assertEqual(quota_set["instances"]["in_use"], 1)
        self.assertEqual(quota_set["ram"]["in_use"], 1024)

    def test_defaults_for_any_member(self):
        quotas.set_class_limits("default", {"cores": 40})
        quota_set = self.show("/defaults", as_user="bob")
        self.assertEqual((quota_set["id"], quota_set["cores"]), (self.pid, 40))

    def test_other_projects_quotas_are_forbidden_readers_may_read_their_own(self):
        self.assert_error(self.call("GET", f"{SETS}/{self.pid}", as_user="bob"), 403,
                          "forbidden")
        self.assert_error(self.call("GET", f"{SETS}/{self.pid}/detail", as_user="bob"), 403,
                          "forbidden")
        self.assertEqual(self.show(as_user="reader")["cores"], 20)

    def test_unknown_project_is_400(self):
        self.assert_error(self.call("GET", f"{SETS}/nope", as_user="admin"), 400, "badRequest")

    def test_admin_updates_and_the_response_has_no_id(self):
        response = self.update(ram="5120", cores=4)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertNotIn("id", response.json()["quota_set"])
        self.assertEqual(response.json()["quota_set"]["ram"], 5120)
        self.assertEqual((self.show()["ram"], self.show()["cores"]), (5120, 4))

    def test_update_below_usage_needs_force(self):
        message = self.assert_error(self.update(cores=1), 400, "badRequest")
        self.assertEqual(message, "Quota limit 1 for cores must be greater than or equal to "
                                  "already used and reserved 2.")
        self.assertEqual(self.update(cores=1, force=True).status_code, 200)
        self.assertEqual(self.show()["cores"], 1)

    def test_update_refuses_unknown_keys_and_values_below_minus_one(self):
        self.assert_error(self.update(networks=3), 400, "badRequest")
        self.assert_error(self.update(cores=-2), 400, "badRequest")
        self.assert_error(self.update(cores="lots"), 400, "badRequest")
        self.assert_error(self.update(version="2.36", floating_ips=3), 400, "badRequest")

    def test_minus_one_is_unlimited(self):
        self.update(instances=-1)
        self.assertEqual(self.show()["instances"], -1)

    def test_user_limits_are_bounded_by_the_project(self):
        query = "?user_id=user-x"
        self.assertEqual(self.update(query=query, ram="2048").status_code, 200)
        self.assertEqual(self.show("?user_id=user-x")["ram"], 2048)
        self.assertEqual(self.show()["ram"], 51200)
        message = self.assert_error(self.update(query=query, ram=60000), 400, "badRequest")
        self.assertIn("must be less than or equal to 51200", message)

    def test_members_cannot_update_or_delete(self):
        self.assert_error(self.update(as_user="alice", ram=0), 403, "forbidden")
        self.assert_error(self.call("DELETE", f"{SETS}/{self.pid}"), 403, "forbidden")

    def test_delete_returns_to_the_defaults(self):
        self.update(ram="5120")
        self.update(query="?user_id=user-x", ram="2048")
        self.assertEqual(self.call("DELETE", f"{SETS}/{self.pid}", as_user="admin")
                         .status_code, 202)
        self.assertEqual(self.show()["ram"], 51200)
        self.assertEqual(self.show("?user_id=user-x")["ram"], 51200)


class QuotaClassTests(MicroversionTestCase):
    def put(self, as_user="admin", version=None, **values):
        return self.call("PUT", f"{CLASSES}/default", {"quota_class_set": values},
                         as_user=as_user, version=version)

    def test_show_default_class_per_microversion(self):
        body = self.call("GET", f"{CLASSES}/default", as_user="admin").json()["quota_class_set"]
        self.assertEqual(set(body), KEYS_21 - {"server_groups", "server_group_members"}
                         | {"id"})
        self.assertEqual(body["id"], "default")
        body = self.call("GET", f"{CLASSES}/default", as_user="admin",
                         version="2.57").json()["quota_class_set"]
        self.assertEqual(set(body), KEYS_21 - NETWORK - PERSONALITY | {"id"})

    def test_update_changes_every_projects_defaults(self):
        response = self.put(instances=50, server_groups=3)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["quota_class_set"]["instances"], 50)
        self.assertNotIn("id", response.json()["quota_class_set"])
        quota_set = self.call("GET", f"{SETS}/{self.project_b.id}", as_user="bob").json()
        self.assertEqual((quota_set["quota_set"]["instances"],
                          quota_set["quota_set"]["server_groups"]), (50, 3))

    def test_unknown_key_is_400(self):
        self.assert_error(self.put(bogus=1), 400, "badRequest")
        self.assert_error(self.put(version="2.50", fixed_ips=1), 400, "badRequest")

    def test_admin_only(self):
        self.assert_error(self.call("GET", f"{CLASSES}/default"), 403, "forbidden")
        self.assert_error(self.put(as_user="alice", instances=1), 403, "forbidden")


class ServerCreateQuotaTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        make_host("quota-host")
        self.flavor = make_flavor("m1.quota", flavorid="q", vcpus=4, memory_mb=1024)
        self.image = make_image(with_file=False)
        self.pid = self.project_a.id

    def boot(self, **server):
        body = {"server": {"name": "vm", "imageRef": self.image.id, "flavorRef": "q",
                           **server}}
        with self.captureOnCommitCallbacks(execute=False):
            return self.call("POST", "/compute/v2.1/servers", body)

    def test_over_cores_is_403_naming_resource_limit_usage_and_request(self):
        for _ in range(4):
            make_instance(project_id=self.pid, flavor=self.flavor, vcpus=4)
        quotas.set_limits(self.pid, {"cores": 18}, force=True)
        message = self.assert_error(self.boot(), 403, "forbidden")
        self.assertEqual(message, "Quota exceeded for cores: Requested 4, but already used 16 "
                                  "of 18 cores")
        self.assertEqual(Instance.objects.filter(display_name="vm").count(), 0)

    def test_several_resources_over_are_named_together(self):
        quotas.set_limits(self.pid, {"instances": 1, "ram": 1000})
        message = self.assert_error(self.boot(min_count=2, max_count=2), 403, "forbidden")
        self.assertEqual(message, "Quota exceeded for instances, ram: Requested 2, 2048, but "
                                  "already used 0, 0 of 1, 1000 instances, ram")
        self.assertFalse(Instance.objects.exists())

    def test_within_quota_boots(self):
        quotas.set_limits(self.pid, {"instances": 1})
        self.assertEqual(self.boot().status_code, 202)
        self.assert_error(self.boot(), 403, "forbidden")

    def test_deleted_instances_do_not_count(self):
        quotas.set_limits(self.pid, {"instances": 1})
        make_instance(project_id=self.pid, vm_state="deleted")
        self.assertEqual(self.boot().status_code, 202)

    def test_user_limits_apply_when_set(self):
        quotas.set_limits(self.pid, {"instances": 0}, user_id=tokens.identity_of(self.alice).id)
        message = self.assert_error(self.boot(), 403, "forbidden")
        self.assertIn("Quota exceeded for instances", message)

    def test_metadata_items_over_the_limit_is_403(self):
        quotas.set_limits(self.pid, {"metadata_items": 2})
        message = self.assert_error(self.boot(metadata={"a": "1", "b": "2", "c": "3"}), 403,
                                    "forbidden")
        self.assertEqual(message, "Maximum number of metadata items exceeds 2")
        self.assertFalse(Instance.objects.exists())

    def test_server_group_members_are_limited(self):
        group = create_server_group(name="g", policy="anti-affinity", project_id=self.pid)
        quotas.set_limits(self.pid, {"server_group_members": 1})

        def boot():
            with self.captureOnCommitCallbacks(execute=False):
                return services.create_instance(
                    name="g", flavor=self.flavor, image=self.image, project_id=self.pid,
                    user_id="u", scheduler_hints={"group": group.uuid})
        boot()
        with self.assertRaises(quotas.QuotaExceeded) as caught:
            boot()
        self.assertEqual(str(caught.exception), "Quota exceeded, too many servers in group")
        self.assertEqual(caught.exception.resource, "server_group_members")
        self.assertEqual(Instance.objects.count(), 1)

    def test_server_groups_past_the_quota_are_refused(self):
        quotas.set_limits(self.pid, {"server_groups": 1})
        create_server_group(name="g1", policy="affinity", project_id=self.pid)
        with self.assertRaises(quotas.QuotaExceeded) as caught:
            create_server_group(name="g2", policy="affinity", project_id=self.pid)
        self.assertEqual(str(caught.exception), "Quota exceeded, too many server groups.")
        self.assertEqual((caught.exception.limit, caught.exception.in_use), (1, 1))
