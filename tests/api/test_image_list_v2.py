"""Glance v2 GET /images: what each caller sees, Glance's filters, sorting and paging."""
from compute.models import Image
from tests.api.glance_case import V2, GlanceTestCase


class ListTestCase(GlanceTestCase):
    def names(self, query="", as_user="alice"):
        response = self.call("GET", f"{V2}/images{query}", as_user=as_user)
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(image["name"] for image in response.json()["images"])


class VisibilityTests(ListTestCase):
    def setUp(self):
        super().setUp()
        self.created(name="a-private", visibility="private")
        self.created(name="a-shared")
        self.created(name="a-community", visibility="community")
        self.created(as_user="bob", name="b-private", visibility="private")
        self.created(as_user="bob", name="b-community", visibility="community")
        self.created(as_user="admin", name="public", visibility="public")

    def test_default_list_is_own_images_and_public_ones(self):
        self.assertEqual(self.names(), ["a-community", "a-private", "a-shared", "public"])

    def test_community_images_are_listed_when_asked_for(self):
        self.assertEqual(self.names("?visibility=community"), ["a-community", "b-community"])

    def test_visibility_filter_and_all(self):
        self.assertEqual(self.names("?visibility=private"), ["a-private"])
        self.assertEqual(len(self.names("?visibility=all")), 5)

    def test_admin_lists_every_project_but_others_community_only_when_asked(self):
        self.assertEqual(len(self.names(as_user="admin")), 4)
        self.assertEqual(len(self.names("?visibility=all", as_user="admin")), 6)

    def test_unknown_visibility_is_400(self):
        response = self.call("GET", f"{V2}/images?visibility=everyone")
        self.assert_error(response, 400, "badRequest")

    def test_hidden_images_are_left_out_unless_asked_for(self):
        Image.objects.filter(name="a-shared").update(os_hidden=True)
        self.assertNotIn("a-shared", self.names())
        self.assertEqual(self.names("?os_hidden=true"), ["a-shared"])

    def test_deleted_images_are_never_listed(self):
        Image.objects.filter(name="a-shared").update(status="deleted")
        self.assertNotIn("a-shared", self.names("?visibility=all"))


class FilterTests(ListTestCase):
    def setUp(self):
        super().setUp()
        self.one = self.active(name="one", data=b"1" * 100, os_distro="cirros")
        self.two = self.active(name="two", data=b"2" * 5000, disk_format="qcow2",
                               tags=["blue", "green"])
        self.three = self.created(name="three", tags=["blue"], min_ram=512)

    def test_id_in_lists_exactly_those_images(self):
        ids = f"{self.one['id']},{self.three['id']}"
        self.assertEqual(self.names(f"?id=in:{ids}"), ["one", "three"])

    def test_name_status_and_formats(self):
        self.assertEqual(self.names("?name=two"), ["two"])
        self.assertEqual(self.names("?name=in:one,two"), ["one", "two"])
        self.assertEqual(self.names("?status=queued"), ["three"])
        self.assertEqual(self.names("?disk_format=qcow2"), ["two"])
        self.assertEqual(self.names("?container_format=bare"), ["one", "three", "two"])

    def test_owner_and_min_ram(self):
        self.assertEqual(len(self.names(f"?owner={self.project_a.id}")), 3)
        self.assertEqual(self.names(f"?owner={self.project_b.id}"), [])
        self.assertEqual(self.names("?min_ram=512"), ["three"])

    def test_size_range(self):
        self.assertEqual(self.names("?size_min=1000"), ["two"])
        self.assertEqual(self.names("?size_max=1000"), ["one"])
        self.assert_error(self.call("GET", f"{V2}/images?size_min=big"), 400, "badRequest")

    def test_tags_must_all_match(self):
        self.assertEqual(self.names("?tag=blue"), ["three", "two"])
        self.assertEqual(self.names("?tag=blue&tag=green"), ["two"])

    def test_other_parameters_filter_extra_properties(self):
        self.assertEqual(self.names("?os_distro=cirros"), ["one"])
        self.assertEqual(self.names("?os_distro=ubuntu"), [])

    def test_time_filters_take_operators(self):
        created = self.one["created_at"]
        self.assertEqual(len(self.names(f"?created_at=gte:{created}")), 3)
        self.assertEqual(self.names("?created_at=lt:2000-01-01T00:00:00Z"), [])
        self.assert_error(self.call("GET", f"{V2}/images?created_at=gte:yesterday"), 400,
                          "badRequest")

    def test_unknown_operator_is_400(self):
        self.assert_error(self.call("GET", f"{V2}/images?name=like:on"), 400, "badRequest")


class SortAndPageTests(ListTestCase):
    def setUp(self):
        super().setUp()
        for name in ("c", "a", "d", "b", "e"):
            self.created(name=name)

    def listing(self, query):
        response = self.call("GET", f"{V2}/images{query}")
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_list_body_has_glance_links(self):
        body = self.listing("")
        self.assertEqual((body["first"], body["schema"]), ("/v2/images", "/v2/schemas/images"))
        self.assertNotIn("next", body)

    def test_default_order_is_newest_first(self):
        self.assertEqual([i["name"] for i in self.listing("")["images"]],
                         ["e", "b", "d", "a", "c"])

    def test_sort_key_and_dir_and_the_sort_syntax(self):
        self.assertEqual([i["name"] for i in self.listing("?sort_key=name&sort_dir=asc")
                          ["images"]], ["a", "b", "c", "d", "e"])
        self.assertEqual([i["name"] for i in self.listing("?sort=name:desc")["images"]],
                         ["e", "d", "c", "b", "a"])

    def test_bad_sort_is_400(self):
        for query in ("?sort_key=colour", "?sort_key=name&sort_dir=up",
                      "?sort=name&sort_key=name"):
            self.assert_error(self.call("GET", f"{V2}/images{query}"), 400, "badRequest")

    def test_limit_and_marker_page_through_with_next_links(self):
        seen, query = [], "?sort_key=name&sort_dir=asc&limit=2"
        while True:
            body = self.listing(query)
            seen += [i["name"] for i in body["images"]]
            if "next" not in body:
                break
            self.assertTrue(body["next"].startswith("/v2/images?"))
            query = body["next"][len("/v2/images"):]
        self.assertEqual(seen, ["a", "b", "c", "d", "e"])
        self.assertEqual(body["first"], "/v2/images?sort_key=name&sort_dir=asc&limit=2")

    def test_unknown_marker_and_bad_limits_are_400(self):
        for query in ("?marker=nope", "?limit=-1", "?limit=many"):
            self.assert_error(self.call("GET", f"{V2}/images{query}"), 400, "badRequest")

    def test_default_page_is_25(self):
        for n in range(25):
            self.created(name=f"n{n}")
        body = self.listing("")
        self.assertEqual(len(body["images"]), 25)
        self.assertIn("next", body)
