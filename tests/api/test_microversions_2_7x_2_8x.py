"""Microversions 2.75 (unknown query parameters refused), 2.78 (server topology) and 2.86
(flavor extra spec validation), each checked just below and at its version."""
from compute.models import Flavor
from tests.api.microversion_case import MicroversionTestCase
from tests.factories import make_flavor, make_instance

V21 = "/compute/v2.1"


class StrictQueryTests(MicroversionTestCase):
    """From 2.75 a query parameter the resource does not know is a 400; below, ignored."""

    def setUp(self):
        super().setUp()
        project = self.project_a.pk
        self.paths = {
            "alice": [f"{V21}/flavors", f"{V21}/flavors/detail", f"{V21}/os-keypairs",
                      f"{V21}/limits", f"{V21}/os-server-groups",
                      f"{V21}/os-quota-sets/{project}", f"{V21}/os-quota-sets/{project}/detail",
                      f"{V21}/os-simple-tenant-usage/{project}"],
            "admin": [f"{V21}/os-simple-tenant-usage", f"{V21}/os-services"],
        }

    def test_unknown_parameter_is_ignored_at_2_74(self):
        for user, paths in self.paths.items():
            for path in paths:
                response = self.call("GET", f"{path}?bogus=1", as_user=user, version="2.74")
                self.assertEqual(response.status_code, 200, (path, response.content))

    def test_unknown_parameter_is_400_at_2_75(self):
        for user, paths in self.paths.items():
            for path in paths:
                response = self.call("GET", f"{path}?bogus=1", as_user=user, version="2.75")
                message = self.assert_error(response, 400, "badRequest")
                self.assertIn("'bogus' was unexpected", message)

    def test_known_parameters_still_pass_at_2_75(self):
        project = self.project_a.pk
        for path in (f"{V21}/flavors/detail?limit=1&sort_key=name&minRam=1",
                     f"{V21}/os-keypairs?limit=2", f"{V21}/os-server-groups?limit=1&offset=0",
                     f"{V21}/os-simple-tenant-usage/{project}?start=2020-01-01T00:00:00"):
            response = self.call("GET", path, version="2.75")
            self.assertEqual(response.status_code, 200, (path, response.content))

    def test_known_parameter_of_the_wrong_shape_is_400(self):
        response = self.call("GET", f"{V21}/flavors?limit=-1", version="2.75")
        self.assert_error(response, 400, "badRequest")

    def test_keypair_show_and_delete_are_strict_too(self):
        for method in ("GET", "DELETE"):
            response = self.call(method, f"{V21}/os-keypairs/k?bogus=1", version="2.75")
            self.assert_error(response, 400, "badRequest")
            response = self.call(method, f"{V21}/os-keypairs/k?bogus=1", version="2.74")
            self.assert_error(response, 404, "itemNotFound")


class ServerTopologyTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.instance = make_instance(project_id=self.project_a.pk)
        self.path = f"{V21}/servers/{self.instance.uuid}/topology"

    def test_topology_does_not_exist_below_2_78(self):
        self.assert_error(self.call("GET", self.path, version="2.77"), 404, "itemNotFound")

    def test_topology_of_a_server_without_numa_nodes(self):
        response = self.call("GET", self.path, version="2.78")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), {"nodes": [], "pagesize_kb": None})

    def test_another_projects_server_is_404(self):
        self.assert_error(self.call("GET", self.path, as_user="bob", version="2.78"), 404,
                          "itemNotFound")


class ExtraSpecValidationTests(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.flavor = make_flavor("m1.valid", flavorid="86")
        self.path = f"{V21}/flavors/86/os-extra_specs"

    def post(self, specs, version):
        return self.call("POST", self.path, {"extra_specs": specs}, as_user="admin",
                         version=version)

    def stored(self):
        return Flavor.objects.get(pk=self.flavor.pk).extra_specs

    def test_anything_goes_at_2_85(self):
        response = self.post({"hw:cpu_policy": "sometimes", "hw:nope": "x"}, "2.85")
        self.assertEqual(response.status_code, 200, response.content)

    def test_known_and_custom_namespaces_pass_at_2_86(self):
        specs = {"hw:cpu_policy": "shared", "foo:bar": "baz", "hw:numa_nodes": 2,
                 "trait:HW_CPU_X86_AVX2": "required", "resources1:CUSTOM_GPU": "1",
                 "hw:numa_cpus.0": "0-1", "quota:cpu_quota": "-1", "plain": "x",
                 "capabilities:cpu_info:arch": "x86_64", "hw_rng:allowed": "True"}
        response = self.post(specs, "2.86")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.stored()["hw:numa_nodes"], "2")

    def test_bad_enum_value_is_400_and_nothing_is_stored(self):
        message = self.assert_error(self.post({"hw:cpu_policy": "sometimes"}, "2.86"), 400,
                                    "badRequest")
        self.assertIn("'sometimes' is not one of: dedicated, shared, mixed", message)
        self.assertEqual(self.stored(), {})

    def test_unknown_key_in_a_known_namespace_is_400(self):
        for key in ("hw:nope", "trait:NOT_A_STANDARD_TRAIT", "resources:NOT_A_CLASS"):
            message = self.assert_error(self.post({key: "1"}, "2.86"), 400, "badRequest")
            self.assertIn("does not appear to be a valid extra spec", message)

    def test_integer_bounds_and_booleans(self):
        self.assert_error(self.post({"hw:numa_nodes": "0"}, "2.86"), 400, "badRequest")
        self.assert_error(self.post({"hw:redirected_usb_ports": "16"}, "2.86"), 400,
                          "badRequest")
        self.assert_error(self.post({"hw:cpu_realtime": "maybe"}, "2.86"), 400, "badRequest")
        self.assert_error(self.post({"hw:mem_page_size": "huge"}, "2.86"), 400, "badRequest")

    def test_put_of_one_key_is_validated(self):
        path = f"{self.path}/hw:cpu_policy"
        response = self.call("PUT", path, {"hw:cpu_policy": "x"}, as_user="admin",
                             version="2.86")
        self.assert_error(response, 400, "badRequest")
        response = self.call("PUT", path, {"hw:cpu_policy": "dedicated"}, as_user="admin",
                             version="2.86")
        self.assertEqual(response.status_code, 200, response.content)
