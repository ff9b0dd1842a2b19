"""The operator dashboard makes networks and subnets through the services and shows ports and
floating IPs read-only."""
from django.contrib.auth import get_user_model
from django.test import TestCase

from networking import ports
from networking.models import Network, Subnet
from tests.factories import make_network

NETWORKS = "/admin/networking/network/"
SUBNETS = "/admin/networking/subnet/"


class NetworkAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.create_superuser("op", password="x"))

    def test_pages_render(self):
        net = make_network()
        port = ports.create_port(network=net, project_id="project-a")
        subnet = net.subnets.get()
        for path in (NETWORKS, f"{NETWORKS}add/", f"{NETWORKS}{net.pk}/change/", SUBNETS,
                     f"{SUBNETS}add/", f"{SUBNETS}{subnet.pk}/change/",
                     "/admin/networking/port/", f"/admin/networking/port/{port.pk}/change/",
                     "/admin/networking/floatingip/"):
            self.assertEqual(self.client.get(path).status_code, 200, path)

    def test_adding_a_network_allocates_a_segment(self):
        response = self.client.post(f"{NETWORKS}add/", {
            "project_id": "p1", "name": "ops-net", "description": "", "network_type": "vxlan",
            "admin_state_up": "on", "subnets-TOTAL_FORMS": 0, "subnets-INITIAL_FORMS": 0})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Network.objects.get(name="ops-net").segmentation_id, 1)

    def test_adding_a_subnet_computes_its_pools(self):
        net = make_network()
        response = self.client.post(f"{SUBNETS}add/", {"network": net.pk, "name": "s2",
                                                        "cidr": "10.9.0.0/24",
                                                        "enable_dhcp": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Subnet.objects.get(name="s2").allocation_pools,
                         [{"start": "10.9.0.2", "end": "10.9.0.254"}])

    def test_a_bad_cidr_is_refused_on_the_form(self):
        net = make_network()
        response = self.client.post(f"{SUBNETS}add/", {"network": net.pk, "name": "bad",
                                                        "cidr": "10.9.0.0/99"})
        self.assertContains(response, "is not a valid IP subnet")

    def test_a_network_in_use_is_kept_with_an_error_message(self):
        net = make_network()
        ports.create_port(network=net, project_id="project-a", device_owner="compute:nova")
        response = self.client.post(f"{NETWORKS}{net.pk}/delete/", {"post": "yes"},
                                    follow=True)
        self.assertContains(response, "ports still in use")
        self.assertTrue(Network.objects.filter(pk=net.pk).exists())

    def test_a_subnet_in_use_is_kept_with_an_error_message(self):
        net = make_network()
        ports.create_port(network=net, project_id="project-a")
        subnet = net.subnets.get()
        response = self.client.post(f"{SUBNETS}{subnet.pk}/delete/", {"post": "yes"},
                                    follow=True)
        self.assertContains(response, "One or more ports have an IP allocation")
        self.assertTrue(Subnet.objects.filter(pk=subnet.pk).exists())
