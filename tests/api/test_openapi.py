"""The OpenAPI document at /openapi.json: served without a token, every route of the URL conf a
path, request schemas, headers, security and statuses as the views declare or say."""
import json
import re

import jsonschema
from django.test import SimpleTestCase
from django.urls import resolve

from api import microversions, openapi, openapi_statuses
from api.openstack.compute import flavors, servers
from api.openstack.compute import urls as compute_urls
from api.openstack.identity import urls as identity_urls
from api.openstack.image import urls as image_urls
from api.views import ok

URL_CONFS = (("/identity", identity_urls), ("/compute", compute_urls), ("/image", image_urls))
TOKEN = [{"token": []}]
MICROVERSION_HEADERS = [{"$ref": "#/components/parameters/OpenStackApiVersion"},
                        {"$ref": "#/components/parameters/NovaApiVersion"}]
IDEMPOTENCY_KEY = {"$ref": "#/components/parameters/IdempotencyKey"}
DISCOVERY = ("/identity", "/identity/v3", "/compute", "/compute/v2", "/compute/v2.1", "/image",
             "/image/versions", "/image/v2", "/network", "/network/v2.0")


def operations(document):
    for path, item in document["paths"].items():
        for method, found in item.items():
            if method != "parameters":
                yield path, method, found


def filled(path, item):
    """`path` with each parameter replaced by a value its pattern accepts."""
    values = {}
    for parameter in item["parameters"]:
        word = re.match(r"\^\(\?:(\w+)\|", parameter["schema"]["pattern"])
        values[parameter["name"]] = word.group(1) if word else "x1"
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def successes(found):
    return {int(code) for code in found["responses"] if int(code) < 400}


class DocumentTests(SimpleTestCase):
    def setUp(self):
        self.document = openapi.document()
        self.paths = self.document["paths"]

    def test_document_is_served_without_a_token(self):
        response = self.client.get("/openapi.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), json.loads(json.dumps(self.document)))
        self.assertEqual(response.json()["openapi"], "3.1.0")

    def test_every_route_of_the_url_confs_is_a_path(self):
        for prefix, module in URL_CONFS:
            for route in module.urlpatterns:
                view = route.callback.view_class
                served = [path for path, item in self.paths.items() if path.startswith(prefix)
                          and route.pattern.regex.match(filled(path, item)[len(prefix):])
                          and resolve(filled(path, item)).func.view_class is view]
                self.assertEqual(len(served), 1, route.pattern)

    def test_every_path_resolves_to_a_view_defining_its_operations(self):
        for path, method, _ in operations(self.document):
            view = resolve(filled(path, self.paths[path])).func.view_class
            self.assertTrue(callable(getattr(view, method, None)), f"{method} {path}")

    def test_paths_are_templates_declaring_their_parameters(self):
        for path, item in self.paths.items():
            self.assertNotRegex(path, r"[\^$?\\]|/$")
            names = [parameter["name"] for parameter in item["parameters"]]
            self.assertEqual(names, re.findall(r"\{(\w+)\}", path), path)
            self.assertTrue(all(p["in"] == "path" and p["required"] for p in item["parameters"]))

    def test_operations_are_complete_and_uniquely_named(self):
        ids = [found["operationId"] for _, _, found in operations(self.document)]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertIn("ServerList_post", ids)
        for path, method, found in operations(self.document):
            self.assertTrue(found["summary"] and found["tags"], f"{method} {path}")
            self.assertTrue(all(re.fullmatch(r"[1-5]\d\d", code) and "description" in answer
                                for code, answer in found["responses"].items()))
        tags = {tag["name"] for tag in self.document["tags"]}
        self.assertTrue({t for _, _, found in operations(self.document)
                         for t in found["tags"]} <= tags)

    def test_servers_post_declares_its_body_and_the_idempotency_key(self):
        found = self.paths["/compute/v2.1/servers"]["post"]
        self.assertEqual(found["requestBody"]["content"]["application/json"]["schema"],
                         servers.CREATE)
        self.assertIn(IDEMPOTENCY_KEY, found["parameters"])
        self.assertIn(IDEMPOTENCY_KEY,
                      self.paths["/compute/v2.1/servers/{server_id}/action"]["post"]["parameters"])
        self.assertNotIn(IDEMPOTENCY_KEY, self.paths["/compute/v2.1/servers"]["get"]["parameters"])
        key = self.document["components"]["parameters"]["IdempotencyKey"]
        self.assertEqual((key["name"], key["in"]), ("Idempotency-Key", "header"))

    def test_microversioned_bodies_list_every_shape(self):
        body = self.paths["/compute/v2.1/flavors"]["post"]["requestBody"]
        shapes = body["content"]["application/json"]["schema"]["anyOf"]
        latest = microversions.render(microversions.MAX_VERSION)
        self.assertEqual([shape["description"] for shape in shapes],
                         ["microversions 2.1 to 2.54", f"microversions 2.55 to {latest}"])
        self.assertNotIn("description", shapes[0]["properties"]["flavor"]["properties"])
        self.assertEqual(shapes[1]["properties"], flavors._create_schema((2, 55))["properties"])

    def test_request_schemas_are_valid_json_schemas(self):
        checked = 0
        for _, _, found in operations(self.document):
            content = found.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                jsonschema.Draft202012Validator.check_schema(content["application/json"]["schema"])
                checked += 1
        self.assertGreater(checked, 25)

    def test_other_media_types_are_declared(self):
        upload = self.paths["/image/v2/images/{image_id}/file"]["put"]["requestBody"]
        self.assertEqual(list(upload["content"]), ["application/octet-stream"])
        patch = self.paths["/image/v2/images/{image_id}"]["patch"]["requestBody"]
        self.assertIn("application/openstack-images-v2.1-json-patch", patch["content"])

    def test_discovery_documents_need_no_token(self):
        for path in DISCOVERY:
            found = self.paths[path]["get"]
            self.assertEqual(found["security"], [], path)
            self.assertNotIn("401", found["responses"])
        scheme = self.document["components"]["securitySchemes"]["token"]
        self.assertEqual(scheme, {**scheme, "type": "apiKey", "in": "header",
                                  "name": "X-Auth-Token"})

    def test_issuing_a_token_needs_none_and_everything_else_does(self):
        self.assertEqual(self.paths["/identity/v3/auth/tokens"]["post"]["security"], [])
        public = {(path, method) for path, method, found in operations(self.document)
                  if found["security"] == []}
        self.assertEqual(public, {(path, "get") for path in DISCOVERY} |
                         {("/identity/v3/auth/tokens", "post")})
        for path, method, found in operations(self.document):
            if (path, method) not in public:
                self.assertEqual(found["security"], TOKEN, f"{method} {path}")
                self.assertIn("401", found["responses"])

    def test_compute_operations_take_the_microversion_headers(self):
        for path, _, found in operations(self.document):
            has_headers = found["parameters"][:2] == MICROVERSION_HEADERS
            self.assertEqual(has_headers, path.startswith("/compute"), path)
        enum = self.document["components"]["parameters"]["NovaApiVersion"]["schema"]["enum"]
        self.assertEqual(enum[0], "2.1")
        self.assertEqual(enum[-2:], [microversions.render(microversions.MAX_VERSION), "latest"])

    def test_success_statuses_are_read_off_the_views(self):
        expected = {("/compute/v2.1/servers", "post"): {202},
                    ("/compute/v2.1/servers/{server_id}", "delete"): {204},
                    ("/compute/v2.1/servers/{server_id}", "get"): {200},
                    ("/compute/v2.1/servers/{server_id}/action", "post"): {200, 202},
                    ("/compute/v2.1/os-keypairs", "post"): {200, 201},
                    ("/compute/v2.1/os-server-external-events", "post"): {200, 207},
                    ("/image/v2/images/{image_id}/file", "get"): {200, 204},
                    ("/identity", "get"): {300}}
        for (path, method), codes in expected.items():
            self.assertEqual(successes(self.paths[path][method]), codes, f"{method} {path}")

    def test_errors_have_each_services_body(self):
        compute = self.paths["/compute/v2.1/servers/{server_id}"]["get"]["responses"]
        identity = self.paths["/identity/v3/users/{user_id}"]["get"]["responses"]
        self.assertLessEqual({"400", "401", "403", "404", "409", "413", "406"}, set(compute))
        schema = compute["404"]["content"]["application/json"]["schema"]
        self.assertEqual(schema, {"$ref": "#/components/schemas/Fault"})
        jsonschema.validate({"itemNotFound": {"code": 404, "message": "gone"}},
                            self.document["components"]["schemas"]["Fault"])
        schema = identity["404"]["content"]["application/json"]["schema"]
        self.assertEqual(schema, {"$ref": "#/components/schemas/IdentityError"})
        self.assertIn("501", self.paths["/compute/v2.1/os-hosts/{host_name}"]["put"]["responses"])

    def test_methods_that_only_refuse_are_left_out(self):
        self.assertNotIn("post", self.paths["/compute/v2.1/servers/detail"])
        self.assertNotIn("post", self.paths["/identity/v3/domains"])
        self.assertIn("get", self.paths["/identity/v3/domains"])


class StatusReadingTests(SimpleTestCase):
    """api.openapi_statuses on methods written here for the purpose."""

    def test_conditional_and_variable_statuses_are_all_read(self):
        def post(self, request):
            if request:
                return ok(None, status=201 if self.version >= (2, 200) else 200)
            status = 207 if request is None else 200
            return ok({}, status=status)

        self.assertEqual(openapi_statuses.success_codes(post), {200, 201, 207})

    def test_a_return_without_status_is_200_and_nested_functions_do_not_count(self):
        def delete(self, request):
            def helper():
                return ok(None, status=418)

            helper()
            return ok(None, 204) if request else ok({})

        self.assertEqual(openapi_statuses.success_codes(delete), {200, 204})

    def test_a_method_whose_body_is_one_raise_refuses(self):
        def post(self, request):
            """Not here."""
            raise LookupError()

        def get(self, request):
            if request:
                raise LookupError()
            return ok({})

        self.assertTrue(openapi_statuses.refuses(post))
        self.assertFalse(openapi_statuses.refuses(get))
