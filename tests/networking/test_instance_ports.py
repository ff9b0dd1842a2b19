"""Instance ports outside the API: bound to the host when the build completes, given back on
delete, NIC checks for boots that name nothing."""
from django.test import TestCase

from compute import states, tasks
from networking import errors, instance_ports, ports
from networking.models import Port
from tests.factories import make_action, make_host, make_instance, make_network


class BindTests(TestCase):
    def test_mark_active_binds_the_ports_to_the_host(self):
        host = make_host("bind-host")
        vm = make_instance(vm_state=states.BUILDING, task_state=states.Task.SPAWNING, host=host)
        net = make_network(project_id=vm.project_id)
        ports.create_port(network=net, project_id=vm.project_id, device_id=vm.uuid)
        tasks.mark_active(vm.uuid, make_action(vm).request_id)
        port = Port.objects.get(device_id=vm.uuid)
        self.assertEqual((port.binding_host, port.status), ("bind-host", "ACTIVE"))


class CheckTests(TestCase):
    def test_nothing_to_join_boots_without_nics(self):
        self.assertEqual(instance_ports.check(None, "lonely"), [])

    def test_external_networks_are_not_joined_by_default(self):
        make_network("public", "172.24.4.0/24", project_id="admin", external=True)
        self.assertEqual(instance_ports.check("auto", "p"), [])

    def test_network_without_subnet_is_refused(self):
        from networking import networks

        bare = networks.create_network(project_id="p", name="bare")
        with self.assertRaises(errors.InvalidInput):
            instance_ports.check([instance_ports.NicRequest(network_id=bare.id)], "p")


class FailedBuildTests(TestCase):
    def test_a_failed_build_gives_its_ports_back(self):
        from compute import failures

        vm = make_instance(vm_state=states.BUILDING, task_state=states.Task.SCHEDULING)
        net = make_network(project_id=vm.project_id)
        made = ports.create_port(network=net, project_id=vm.project_id, device_id=vm.uuid)
        given = ports.create_port(network=net, project_id=vm.project_id, device_id=vm.uuid,
                                  preserve_on_delete=True)
        failures.fail_build(vm, make_action(vm).request_id, RuntimeError("No valid host"))
        self.assertFalse(Port.objects.filter(pk=made.pk).exists())
        given.refresh_from_db()
        self.assertEqual(given.device_id, "")
        vm.refresh_from_db()
        self.assertEqual(vm.vm_state, states.ERROR)
