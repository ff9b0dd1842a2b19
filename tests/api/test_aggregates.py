"""Compute /os-aggregates: CRUD, add/remove host, set_metadata, zones that follow to
Host.availability_zone, admin-only policy, and Nova's 400/404/409 answers."""
import jsonschema

from compute.models import Host
from scheduler import aggregates
from scheduler.models import Aggregate
from tests.api.base import ApiTestCase
from tests.factories import make_host, make_instance

AGGREGATES = "/compute/v2.1/os-aggregates"
TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$"}
# What Tempest's aggregates response schemas require (every key, nothing more).
CREATED = {"availability_zone": {"type": ["string", "null"]}, "created_at": TIME,
           "deleted": {"type": "boolean"}, "deleted_at": {"type": "null"},
           "id": {"type": "integer"}, "name": {"type": "string"},
           "updated_at": {"anyOf": [TIME, {"type": "null"}]}}
DETAIL = {**CREATED, "hosts": {"type": "array", "items": {"type": "string"}},
          "metadata": {"type": "object"}}
UUID = {"type": "string", "pattern": r"^[0-9a-f-]{36}$"}


def shape(properties):
    return {"type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": False}


def zone_of(name):
    return Host.objects.get(name=name).availability_zone


class AggregateCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.h1 = make_host("h1")
        self.h2 = make_host("h2")

    def call_admin(self, method, path="", body=None, version=None):
        return self.call(method, f"{AGGREGATES}{path}", body, as_user="admin", version=version)

    def create(self, name="agg", zone=None, version=None):
        body = {"aggregate": {"name": name, **({"availability_zone": zone} if zone else {})}}
        response = self.call_admin("POST", "", body, version=version)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["aggregate"]

    def action(self, aggregate_id, name, arg, as_user="admin"):
        return self.call("POST", f"{AGGREGATES}/{aggregate_id}/action", {name: arg},
                         as_user=as_user)

    def detail(self, response, properties=DETAIL):
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()["aggregate"]
        jsonschema.validate(body, shape(properties))
        return body


class CreateListShowTests(AggregateCase):
    def test_create_answers_without_hosts_and_metadata(self):
        created = self.create("rack-1")
        jsonschema.validate(created, shape(CREATED))
        self.assertEqual((created["name"], created["availability_zone"]), ("rack-1", None))
        self.assertIsNone(created["updated_at"])

    def test_create_with_zone_puts_it_in_the_metadata(self):
        created = self.create("rack-1", zone="az1")
        self.assertEqual(created["availability_zone"], "az1")
        shown = self.detail(self.call_admin("GET", f"/{created['id']}"))
        self.assertEqual(shown["metadata"], {"availability_zone": "az1"})
        self.assertEqual(shown["hosts"], [])

    def test_create_null_zone_is_no_zone(self):
        response = self.call_admin("POST", "", {"aggregate": {"name": "a",
                                                              "availability_zone": None}})
        self.assertIsNone(response.json()["aggregate"]["availability_zone"])

    def test_create_with_a_taken_name_is_a_conflict(self):
        self.create("rack-1")
        message = self.assert_error(self.call_admin("POST", "", {"aggregate": {
            "name": "rack-1"}}), 409, "conflictingRequest")
        self.assertEqual(message, "Aggregate rack-1 already exists.")

    def test_create_rejects_bad_names_and_zones(self):
        for aggregate in ({"name": ""}, {"name": "a" * 256}, {"name": " padded"},
                          {"name": "a", "availability_zone": ""},
                          {"name": "a", "availability_zone": "az:1"},
                          {"name": "a", "extra": 1}, {}):
            with self.subTest(aggregate=aggregate):
                self.assert_error(self.call_admin("POST", "", {"aggregate": aggregate}), 400,
                                  "badRequest")
        self.assertFalse(Aggregate.objects.exists())

    def test_list_shows_hosts_and_metadata(self):
        first = self.create("rack-1", zone="az1")
        self.create("rack-2")
        self.action(first["id"], "add_host", {"host": "h1"})
        response = self.call_admin("GET")
        self.assertEqual(response.status_code, 200)
        listed = response.json()["aggregates"]
        for item in listed:
            jsonschema.validate(item, shape(DETAIL))
        self.assertEqual([(a["name"], a["hosts"]) for a in listed],
                         [("rack-1", ["h1"]), ("rack-2", [])])

    def test_show_unknown_is_404_and_non_integer_400(self):
        message = self.assert_error(self.call_admin("GET", "/-1"), 404, "itemNotFound")
        self.assertEqual(message, "Aggregate -1 could not be found.")
        self.assert_error(self.call_admin("GET", "/abc"), 400, "badRequest")

    def test_uuid_from_2_41(self):
        created = self.create("rack-1", version="2.41")
        jsonschema.validate(created, shape({**CREATED, "uuid": UUID}))
        self.detail(self.call_admin("GET", f"/{created['id']}", version="2.41"),
                    {**DETAIL, "uuid": UUID})
        self.detail(self.call_admin("GET", f"/{created['id']}", version="2.40"))


class UpdateDeleteTests(AggregateCase):
    def test_update_renames_and_moves_members_to_the_new_zone(self):
        created = self.create("rack-1", zone="az1")
        self.action(created["id"], "add_host", {"host": "h1"})
        updated = self.detail(self.call_admin("PUT", f"/{created['id']}", {"aggregate": {
            "name": "rack-9", "availability_zone": "az9"}}))
        self.assertEqual((updated["name"], updated["availability_zone"]), ("rack-9", "az9"))
        self.assertEqual(updated["metadata"], {"availability_zone": "az9"})
        self.assertRegex(updated["updated_at"], TIME["pattern"])
        self.assertEqual(zone_of("h1"), "az9")

    def test_update_strips_a_padded_name(self):
        created = self.create("rack-1")
        updated = self.detail(self.call_admin("PUT", f"/{created['id']}", {"aggregate": {
            "name": "  rack-2 "}}))
        self.assertEqual(updated["name"], "rack-2")

    def test_update_needs_name_or_zone(self):
        created = self.create("rack-1")
        for aggregate in ({}, {"name": "   "}, {"uuid": "x"}):
            with self.subTest(aggregate=aggregate):
                self.assert_error(self.call_admin("PUT", f"/{created['id']}", {
                    "aggregate": aggregate}), 400, "badRequest")

    def test_update_to_a_taken_name_is_a_conflict(self):
        self.create("rack-1")
        second = self.create("rack-2")
        self.assert_error(self.call_admin("PUT", f"/{second['id']}", {"aggregate": {
            "name": "rack-1"}}), 409, "conflictingRequest")
        self.assertEqual(Aggregate.objects.get(pk=second["id"]).name, "rack-2")

    def test_update_to_no_zone_is_refused(self):
        created = self.create("rack-1", zone="az1")
        message = self.assert_error(self.call_admin("PUT", f"/{created['id']}", {
            "aggregate": {"availability_zone": None}}), 400, "badRequest")
        self.assertIn("does not support empty named availability zone", message)

    def test_update_zone_of_hosts_in_another_zone_is_refused(self):
        zone = self.create("rack-1", zone="az1")
        plain = self.create("ssd")
        self.action(zone["id"], "add_host", {"host": "h1"})
        self.action(plain["id"], "add_host", {"host": "h1"})
        message = self.assert_error(self.call_admin("PUT", f"/{plain['id']}", {
            "aggregate": {"availability_zone": "az2"}}), 400, "badRequest")
        self.assertIn(f"Cannot update aggregate {plain['id']}", message)
        self.assertEqual(zone_of("h1"), "az1")

    def test_update_zone_under_instances_is_refused(self):
        created = self.create("rack-1", zone="az1")
        self.action(created["id"], "add_host", {"host": "h1"})
        make_instance(host=self.h1)
        message = self.assert_error(self.call_admin("PUT", f"/{created['id']}", {
            "aggregate": {"availability_zone": "az2"}}), 400, "badRequest")
        self.assertIn("One or more hosts contain instances in this zone", message)
        self.assertEqual(zone_of("h1"), "az1")

    def test_update_unknown_is_404(self):
        self.assert_error(self.call_admin("PUT", "/999", {"aggregate": {"name": "x"}}), 404,
                          "itemNotFound")

    def test_delete_answers_200_without_body(self):
        created = self.create("rack-1")
        response = self.call_admin("DELETE", f"/{created['id']}")
        self.assertEqual((response.status_code, response.content), (200, b""))
        self.assert_error(self.call_admin("GET", f"/{created['id']}"), 404, "itemNotFound")

    def test_delete_with_hosts_is_refused(self):
        created = self.create("rack-1")
        self.action(created["id"], "add_host", {"host": "h1"})
        message = self.assert_error(self.call_admin("DELETE", f"/{created['id']}"), 400,
                                    "badRequest")
        self.assertIn("Host aggregate is not empty", message)

    def test_delete_unknown_is_404(self):
        self.assert_error(self.call_admin("DELETE", "/-1"), 404, "itemNotFound")


class HostActionTests(AggregateCase):
    def test_add_host_moves_it_into_the_zone(self):
        created = self.create("rack-1", zone="az1")
        body = self.detail(self.action(created["id"], "add_host", {"host": "h1"}))
        self.assertEqual(body["hosts"], ["h1"])
        self.assertIsNone(body["updated_at"])
        self.assertEqual(zone_of("h1"), "az1")

    def test_add_unknown_host_is_404(self):
        created = self.create("rack-1")
        message = self.assert_error(self.action(created["id"], "add_host", {"host": "nope"}),
                                    404, "itemNotFound")
        self.assertEqual(message, "Compute host nope could not be found.")

    def test_add_host_to_unknown_aggregate_is_404(self):
        self.assert_error(self.action(999, "add_host", {"host": "h1"}), 404, "itemNotFound")

    def test_add_a_member_again_is_a_conflict(self):
        created = self.create("rack-1")
        self.action(created["id"], "add_host", {"host": "h1"})
        self.assert_error(self.action(created["id"], "add_host", {"host": "h1"}), 409,
                          "conflictingRequest")

    def test_a_host_cannot_join_a_second_zone(self):
        first = self.create("rack-1", zone="az1")
        second = self.create("rack-2", zone="az2")
        self.action(first["id"], "add_host", {"host": "h1"})
        message = self.assert_error(self.action(second["id"], "add_host", {"host": "h1"}),
                                    409, "conflictingRequest")
        self.assertIn(f"Cannot add host to aggregate {second['id']}", message)
        self.assertEqual(zone_of("h1"), "az1")

    def test_a_host_with_instances_cannot_change_zone_by_joining(self):
        created = self.create("rack-1", zone="az1")
        make_instance(host=self.h1)
        self.assert_error(self.action(created["id"], "add_host", {"host": "h1"}), 409,
                          "conflictingRequest")
        plain = self.create("ssd")
        self.detail(self.action(plain["id"], "add_host", {"host": "h1"}))

    def test_remove_host_returns_it_to_the_default_zone(self):
        created = self.create("rack-1", zone="az1")
        self.action(created["id"], "add_host", {"host": "h1"})
        body = self.detail(self.action(created["id"], "remove_host", {"host": "h1"}))
        self.assertEqual(body["hosts"], [])
        self.assertEqual(zone_of("h1"), "nova")

    def test_remove_a_host_with_instances_from_its_zone_is_a_conflict(self):
        created = self.create("rack-1", zone="az1")
        self.action(created["id"], "add_host", {"host": "h1"})
        make_instance(host=self.h1)
        self.assert_error(self.action(created["id"], "remove_host", {"host": "h1"}), 409,
                          "conflictingRequest")

    def test_remove_a_non_member_or_unknown_host_is_404(self):
        created = self.create("rack-1")
        for host in ("h2", "nonexist_host"):
            with self.subTest(host=host):
                message = self.assert_error(self.action(created["id"], "remove_host", {
                    "host": host}), 404, "itemNotFound")
                self.assertEqual(message,
                                 f"Cannot remove host {host} in aggregate {created['id']}")

    def test_host_name_is_validated(self):
        created = self.create("rack-1")
        for arg in ({"host": "bad name"}, {"host": ""}, {}, {"host": "h1", "x": 1}):
            with self.subTest(arg=arg):
                self.assert_error(self.action(created["id"], "add_host", arg), 400,
                                  "badRequest")

    def test_unknown_action_is_400(self):
        created = self.create("rack-1")
        self.assert_error(self.action(created["id"], "cache_images", {}), 400, "badRequest")


class SetMetadataTests(AggregateCase):
    def test_set_and_unset_keys(self):
        created = self.create("rack-1")
        body = self.detail(self.action(created["id"], "set_metadata", {"metadata": {
            "ssd": "true", "gpu": "1"}}))
        self.assertEqual(body["metadata"], {"ssd": "true", "gpu": "1"})
        self.assertRegex(body["updated_at"], TIME["pattern"])
        body = self.detail(self.action(created["id"], "set_metadata", {"metadata": {
            "gpu": None, "absent": None}}))
        self.assertEqual(body["metadata"], {"ssd": "true"})

    def test_zone_key_is_the_zone(self):
        created = self.create("rack-1")
        self.action(created["id"], "add_host", {"host": "h1"})
        body = self.detail(self.action(created["id"], "set_metadata", {"metadata": {
            "availability_zone": "az5"}}))
        self.assertEqual(body["availability_zone"], "az5")
        self.assertEqual(zone_of("h1"), "az5")

    def test_zone_key_cannot_be_removed(self):
        created = self.create("rack-1", zone="az1")
        message = self.assert_error(self.action(created["id"], "set_metadata", {"metadata": {
            "availability_zone": None}}), 400, "badRequest")
        self.assertIn(f"Cannot update metadata of aggregate {created['id']}", message)
        self.assertEqual(Aggregate.objects.get().availability_zone, "az1")

    def test_zone_key_cannot_clash_with_a_members_zone(self):
        zone = self.create("rack-1", zone="az1")
        plain = self.create("ssd")
        self.action(zone["id"], "add_host", {"host": "h1"})
        self.action(plain["id"], "add_host", {"host": "h1"})
        self.assert_error(self.action(plain["id"], "set_metadata", {"metadata": {
            "availability_zone": "az2"}}), 400, "badRequest")

    def test_bad_keys_and_values_are_400(self):
        created = self.create("rack-1")
        for metadata in ({"bad/key": "v"}, {"k": "v" * 256}, {"k": 1}, {"": "v"}, "x"):
            with self.subTest(metadata=metadata):
                self.assert_error(self.action(created["id"], "set_metadata", {
                    "metadata": metadata}), 400, "badRequest")


class PolicyTests(AggregateCase):
    def test_every_operation_is_admin_only(self):
        created = aggregates.create_aggregate("rack-1")
        item = f"{AGGREGATES}/{created.pk}"
        calls = [("GET", AGGREGATES, None), ("POST", AGGREGATES, {"aggregate": {"name": "x"}}),
                 ("GET", item, None), ("PUT", item, {"aggregate": {"name": "y"}}),
                 ("DELETE", item, None),
                 ("POST", f"{item}/action", {"add_host": {"host": "h1"}}),
                 ("POST", f"{item}/action", {"remove_host": {"host": "h1"}}),
                 ("POST", f"{item}/action", {"set_metadata": {"metadata": {}}})]
        for user in ("alice", "reader"):
            for method, path, body in calls:
                with self.subTest(user=user, method=method, path=path):
                    self.assert_error(self.call(method, path, body, as_user=user), 403,
                                      "forbidden")
        created.refresh_from_db()
        self.assertEqual((created.name, list(created.hosts.all())), ("rack-1", []))

    def test_forbidden_names_novas_rule(self):
        message = self.assert_error(self.call("GET", AGGREGATES), 403, "forbidden")
        self.assertIn("os_compute_api:os-aggregates:index", message)
