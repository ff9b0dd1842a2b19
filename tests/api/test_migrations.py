"""GET /os-migrations: empty until instances can move; filters validated per microversion."""
from tests.api.microversion_case import MicroversionTestCase

MIGRATIONS = "/compute/v2.1/os-migrations"


class MigrationTests(MicroversionTestCase):
    def get(self, query="", version=None, as_user="admin"):
        return self.call("GET", MIGRATIONS + query, version=version, as_user=as_user)

    def test_list_is_empty_with_filters_accepted(self):
        response = self.get("?host=h1&status=done&instance_uuid=x&anything=1")
        self.assertEqual((response.status_code, response.json()), (200, {"migrations": []}))

    def test_paging_and_changes_since_from_2_59(self):
        response = self.get("?limit=5&changes-since=2020-01-01T00:00:00Z", version="2.59")
        self.assertEqual(response.json(), {"migrations": []})

    def test_query_errors_from_2_59(self):
        for query, version in (("?anything=1", "2.59"), ("?marker=abc", "2.59"),
                               ("?limit=x", "2.59"), ("?changes-since=never", "2.59"),
                               ("?user_id=u", "2.79"),
                               ("?changes-since=2020-02-01T00:00:00"
                                "&changes-before=2020-01-01T00:00:00", "2.66")):
            with self.subTest(query=query):
                self.assert_error(self.get(query, version=version), 400, "badRequest")
        self.assertEqual(self.get("?user_id=u&project_id=p", version="2.80").status_code, 200)

    def test_admin_only(self):
        self.assert_error(self.get(as_user="alice"), 403, "forbidden")
        self.assert_error(self.get(as_user="reader"), 403, "forbidden")
