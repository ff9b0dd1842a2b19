"""Ports through a real boot and delete on worker processes: made with the instance, given
back by the delete chain's release step."""
from compute import services
from networking import instance_ports, ports
from networking.models import FixedIP, Port
from tests.factories import make_flavor, make_image, make_network
from tests.integration.workers import RealWorkerTestCase


class NetworksOnWorkersTests(RealWorkerTestCase):
    def setUp(self):
        super().setUp()
        self.flavor = make_flavor("m1.net", vcpus=1, memory_mb=256, root_gb=1)
        self.image = make_image()
        self.net = make_network("it-net", "10.40.0.0/24", project_id="p")

    def test_delete_on_a_worker_frees_made_ports_and_unbinds_given_ones(self):
        given = ports.create_port(network=self.net, project_id="p")
        nics = instance_ports.check([instance_ports.NicRequest(network_id=self.net.id),
                                     instance_ports.NicRequest(port_id=given.id)], "p")
        [instance] = services.create_instance(name="it-nics", flavor=self.flavor,
                                              image=self.image, project_id="p", user_id="u",
                                              nics=nics)
        self.wait_for_status(instance, "ACTIVE")
        bound = Port.objects.filter(device_id=instance.uuid)
        self.assertEqual(sorted(bound.values_list("binding_host", "status")),
                         [(self.hosts[0].name, "ACTIVE")] * 2)

        services.delete_instance(instance)
        self.wait_for_status(instance, "DELETED")
        self.assertFalse(Port.objects.filter(device_id=instance.uuid).exists())
        given.refresh_from_db()
        self.assertEqual((given.device_id, given.preserve_on_delete), ("", False))
        self.assertEqual(list(FixedIP.objects.values_list("ip_address", flat=True)),
                         [given.fixed_ips.get().ip_address])
