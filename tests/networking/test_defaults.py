"""The default networks bootstrap makes: private (shared) and public (external), once."""
from django.test import TestCase

from networking import defaults
from networking.models import Network, Subnet


class DefaultNetworksTests(TestCase):
    def test_private_and_public_are_created_once(self):
        defaults.ensure_default_networks("admin-project")
        defaults.ensure_default_networks("admin-project")
        private = Network.objects.get(id=defaults.PRIVATE_NETWORK_ID)
        public = Network.objects.get(id=defaults.PUBLIC_NETWORK_ID)
        self.assertEqual((private.name, private.shared, private.external), ("private", True,
                                                                            False))
        self.assertEqual((public.name, public.external, public.network_type),
                         ("public", True, "flat"))
        self.assertEqual(Subnet.objects.get(network=private).cidr, "10.0.0.0/16")
        self.assertEqual(Subnet.objects.count(), 2)

    def test_private_holds_hundreds_of_servers(self):
        defaults.ensure_default_networks("admin-project")
        subnet = Subnet.objects.get(network_id=defaults.PRIVATE_NETWORK_ID)
        self.assertEqual(subnet.allocation_pools, [{"start": "10.0.0.2",
                                                    "end": "10.0.255.254"}])
