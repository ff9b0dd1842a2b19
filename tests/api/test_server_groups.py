"""/os-server-groups: Nova's shapes per microversion, tenancy, quota, validation, members."""
from unittest import mock

from compute import states
from compute.quota_models import ProjectQuota
from scheduler import groups
from scheduler.models import ServerGroup
from tests.api.base import ApiTestCase
from tests.factories import make_instance

URL = "/compute/v2.1/os-server-groups"
# The shapes of 2.64 are rendered already; the lead raises the advertised maximum.
AT_2_64 = mock.patch("api.microversions.MAX_VERSION", (2, 64))


def create(test, name="g", policies=("anti-affinity",), as_user="alice", version=None):
    return test.call("POST", URL, {"server_group": {"name": name, "policies": list(policies)}},
                     as_user=as_user, version=version)


class ServerGroupCreateTests(ApiTestCase):
    def test_create_answers_the_2_1_shape(self):
        response = create(self)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()["server_group"]
        self.assertEqual(set(body), {"id", "name", "policies", "members", "metadata"})
        self.assertEqual((body["name"], body["policies"], body["members"], body["metadata"]),
                         ("g", ["anti-affinity"], [], {}))
        group = ServerGroup.objects.get(uuid=body["id"])
        self.assertEqual(group.project_id, self.project_a.pk)

    def test_2_13_adds_project_and_user(self):
        body = create(self, version="2.13").json()["server_group"]
        group = ServerGroup.objects.get(uuid=body["id"])
        self.assertEqual((body["project_id"], body["user_id"]),
                         (group.project_id, group.user_id))
        self.assertTrue(group.user_id)

    def test_soft_policies_need_2_15(self):
        self.assert_error(create(self, policies=["soft-affinity"]), 400, "badRequest")
        self.assertEqual(create(self, policies=["soft-affinity"], version="2.15")
                         .json()["server_group"]["policies"], ["soft-affinity"])

    def test_unknown_policy_two_policies_and_missing_name_are_400(self):
        self.assert_error(create(self, policies=["spread"]), 400, "badRequest")
        self.assert_error(create(self, policies=["affinity", "anti-affinity"]), 400,
                          "badRequest")
        response = self.call("POST", URL, {"server_group": {"policies": ["affinity"]}})
        self.assert_error(response, 400, "badRequest")

    def test_2_64_takes_policy_and_rules(self):
        with AT_2_64:
            response = self.call("POST", URL, {"server_group": {
                "name": "g", "policy": "anti-affinity", "rules": {"max_server_per_host": 2}}},
                version="2.64")
        body = response.json()["server_group"]
        self.assertEqual(set(body), {"id", "name", "policy", "rules", "members",
                                     "project_id", "user_id"})
        self.assertEqual((body["policy"], body["rules"]),
                         ("anti-affinity", {"max_server_per_host": 2}))

    def test_2_64_refuses_rules_on_other_policies_and_the_old_policies_list(self):
        with AT_2_64:
            rules = self.call("POST", URL, {"server_group": {
                "name": "g", "policy": "affinity", "rules": {"max_server_per_host": 2}}},
                version="2.64")
            old = self.call("POST", URL, {"server_group": {
                "name": "g", "policies": ["affinity"]}}, version="2.64")
        self.assertIn("anti-affinity", self.assert_error(rules, 400, "badRequest"))
        self.assert_error(old, 400, "badRequest")

    def test_quota_refuses_one_group_too_many(self):
        ProjectQuota.objects.create(project_id=self.project_a.pk, user_id="",
                                    limits={"server_groups": 1})
        self.assertEqual(create(self).status_code, 200)
        message = self.assert_error(create(self), 403, "forbidden")
        self.assertIn("too many server groups", message)

    def test_reader_cannot_create(self):
        self.assert_error(create(self, as_user="reader"), 403, "forbidden")


class ServerGroupReadTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.mine = create(self, "mine", version="2.13").json()["server_group"]
        self.theirs = create(self, "theirs", as_user="bob").json()["server_group"]

    def test_list_shows_own_project_only(self):
        names = [g["name"] for g in self.call("GET", URL).json()["server_groups"]]
        self.assertEqual(names, ["mine"])

    def test_admin_lists_every_project_with_all_projects(self):
        own = self.call("GET", URL, as_user="admin").json()["server_groups"]
        every = self.call("GET", f"{URL}?all_projects=True", as_user="admin").json()
        self.assertEqual(own, [])
        self.assertEqual({g["name"] for g in every["server_groups"]}, {"mine", "theirs"})

    def test_all_projects_is_ignored_for_members(self):
        names = [g["name"] for g in
                 self.call("GET", f"{URL}?all_projects=True").json()["server_groups"]]
        self.assertEqual(names, ["mine"])

    def test_limit_and_offset(self):
        create(self, "second")
        page = self.call("GET", f"{URL}?limit=1&offset=1").json()["server_groups"]
        self.assertEqual([g["name"] for g in page], ["second"])
        self.assert_error(self.call("GET", f"{URL}?limit=x"), 400, "badRequest")
        self.assert_error(self.call("GET", f"{URL}?offset=-1"), 400, "badRequest")

    def test_show_lists_live_members_only(self):
        group = ServerGroup.objects.get(uuid=self.mine["id"])
        live = make_instance(project_id=self.mine["project_id"])
        gone = make_instance(project_id=self.mine["project_id"], vm_state=states.DELETED)
        for instance in (live, gone):
            groups.add_member(group, instance)
        body = self.call("GET", f"{URL}/{group.uuid}").json()["server_group"]
        self.assertEqual(body["members"], [live.uuid])

    def test_other_projects_group_is_404_and_admin_sees_it(self):
        self.assert_error(self.call("GET", f"{URL}/{self.theirs['id']}"), 404, "itemNotFound")
        response = self.call("GET", f"{URL}/{self.theirs['id']}", as_user="admin")
        self.assertEqual(response.status_code, 200)

    def test_delete(self):
        self.assert_error(self.call("DELETE", f"{URL}/{self.theirs['id']}"), 404,
                          "itemNotFound")
        self.assertEqual(self.call("DELETE", f"{URL}/{self.mine['id']}").status_code, 204)
        self.assert_error(self.call("GET", f"{URL}/{self.mine['id']}"), 404, "itemNotFound")
