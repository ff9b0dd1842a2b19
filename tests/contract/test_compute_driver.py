"""The compute driver contract, one behaviour per test, run against every BaseDriver."""
import dataclasses
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import threading
import unittest
import uuid

from compute.drivers import instance_locks
from compute.drivers.base import BaseDriver, DomainNotFound, DriverError
from compute.drivers.libvirt import LibvirtDriver
from compute.specs import DiskSpec, InstanceSpec, NicSpec, PowerState

BACKING_VIRTUAL_GB = 2


def make_backing_image(directory: str) -> str:
    """A real, tiny (sparse) qcow2 image of BACKING_VIRTUAL_GB GiB virtual size."""
    path = os.path.join(directory, "base.qcow2")
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", path, f"{BACKING_VIRTUAL_GB}G"],
                   check=True)
    return path


def qemu_img_info(path: str) -> dict:
    done = subprocess.run(["qemu-img", "info", "--output=json", path], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def write_pattern(path: str, byte: int) -> None:
    """Write 64 KiB of `byte` at offset 0 of the qcow2 image at `path`, as a guest would."""
    subprocess.run(["qemu-io", "-f", "qcow2", "-c", f"write -P {byte} 0 64k", path],
                   check=True, capture_output=True)


def has_pattern(path: str, byte: int) -> bool:
    done = subprocess.run(["qemu-io", "-f", "qcow2", "-c", f"read -P {byte} 0 64k", path],
                          capture_output=True, text=True)
    return done.returncode == 0 and "Pattern verification failed" not in done.stdout


class ComputeDriverContract:
    """Behaviours every compute driver promises. Subclasses provide make_driver() and mix
    this into a unittest.TestCase."""

    backing_path: str

    def make_driver(self) -> BaseDriver:
        raise NotImplementedError

    def setUp(self):
        super().setUp()
        self.driver = self.make_driver()
        self.root = tempfile.mkdtemp(prefix="compute-contract-")
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)

    def make_spec(self, **disk_overrides) -> InstanceSpec:
        """A fresh instance (new uuid, own directory) that is destroyed after the test."""
        instance_uuid = str(uuid.uuid4())
        instance_dir = os.path.join(self.root, instance_uuid)
        disk = DiskSpec(path=os.path.join(instance_dir, "disk"), backing_path=self.backing_path)
        spec = InstanceSpec(
            uuid=instance_uuid,
            name=f"instance-{instance_uuid[:8]}",
            vcpus=1,
            memory_mb=128,
            instance_dir=instance_dir,
            disk=dataclasses.replace(disk, **disk_overrides),
            console_log=os.path.join(instance_dir, "console.log"),
            nics=(NicSpec(mac="fa:16:3e:12:34:56", bridge="br-test"),),
            metadata=(("test", self.id()),),
        )
        self.addCleanup(self.driver.destroy, spec)
        return spec

    def spawned(self, **disk_overrides) -> InstanceSpec:
        spec = self.make_spec(**disk_overrides)
        self.driver.spawn(spec)
        return spec

    def power_state(self, spec: InstanceSpec) -> int | None:
        """The listed power state of `spec`'s domain, None when it is not listed."""
        states = {d.uuid: d.power_state for d in self.driver.list_domains()}
        return states.get(spec.uuid)

    def make_spec_named(self, name: str) -> InstanceSpec:
        return dataclasses.replace(self.make_spec(), name=name)

    def assert_nothing_left(self, spec: InstanceSpec) -> None:
        self.assertIsNone(self.power_state(spec))
        self.assertFalse(os.path.exists(spec.disk.path))
        self.assertFalse(os.path.exists(spec.instance_dir))

    # spawn

    def test_spawn_leaves_domain_running_and_listed(self):
        spec = self.spawned()
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_spawn_lists_domain_under_spec_name(self):
        spec = self.spawned()
        names = {d.uuid: d.name for d in self.driver.list_domains()}
        self.assertEqual(names[spec.uuid], spec.name)

    def test_spawn_creates_disk_and_console_log(self):
        spec = self.spawned()
        self.assertTrue(os.path.isfile(spec.disk.path))
        self.assertTrue(os.path.isfile(spec.console_log))

    def test_spawn_twice_is_a_noop(self):
        spec = self.spawned()
        disk_mtime = os.stat(spec.disk.path).st_mtime_ns
        self.driver.spawn(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)
        self.assertEqual(os.stat(spec.disk.path).st_mtime_ns, disk_mtime)

    def test_spawn_starts_a_powered_off_domain(self):
        spec = self.spawned()
        self.driver.power_off(spec)
        self.driver.spawn(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_spawn_resumes_a_paused_domain(self):
        spec = self.spawned()
        self.driver.pause(spec)
        self.driver.spawn(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_spawn_with_a_larger_disk_succeeds(self):
        spec = self.spawned(size_gb=BACKING_VIRTUAL_GB + 1)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_spawn_with_missing_backing_file_raises_and_leaves_nothing(self):
        spec = self.make_spec(backing_path=os.path.join(self.root, "missing.qcow2"))
        with self.assertRaises(DriverError):
            self.driver.spawn(spec)
        self.assert_nothing_left(spec)

    def test_spawn_with_disk_smaller_than_image_raises_and_leaves_nothing(self):
        spec = self.make_spec(size_gb=BACKING_VIRTUAL_GB - 1)
        with self.assertRaisesRegex(DriverError, "smaller"):
            self.driver.spawn(spec)
        self.assert_nothing_left(spec)

    def test_spawn_with_name_of_another_domain_raises_and_leaves_nothing(self):
        other = self.spawned()
        spec = self.make_spec_named(other.name)
        with self.assertRaises(DriverError):
            self.driver.spawn(spec)
        self.assert_nothing_left(spec)
        self.assertEqual(self.power_state(other), PowerState.RUNNING)

    # destroy

    def test_destroy_removes_domain_and_instance_dir(self):
        spec = self.spawned()
        self.driver.destroy(spec)
        self.assertIsNone(self.power_state(spec))
        self.assertFalse(os.path.exists(spec.instance_dir))

    def test_destroy_twice_is_ok(self):
        spec = self.spawned()
        self.driver.destroy(spec)
        self.driver.destroy(spec)
        self.assertIsNone(self.power_state(spec))

    def test_destroy_of_never_spawned_instance_is_ok(self):
        self.driver.destroy(self.make_spec())

    def test_destroy_removes_suspended_domain(self):
        spec = self.spawned()
        self.driver.suspend(spec)
        self.driver.destroy(spec)
        self.assertIsNone(self.power_state(spec))

    # reboot

    def test_soft_reboot_leaves_domain_running(self):
        spec = self.spawned()
        self.driver.reboot(spec, hard=False)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_hard_reboot_leaves_domain_running(self):
        spec = self.spawned()
        self.driver.reboot(spec, hard=True)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_reboot_of_paused_domain_leaves_it_running(self):
        spec = self.spawned()
        self.driver.pause(spec)
        self.driver.reboot(spec, hard=False)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_reboot_of_powered_off_domain_leaves_it_running(self):
        spec = self.spawned()
        self.driver.power_off(spec)
        self.driver.reboot(spec, hard=False)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    # power

    def test_power_off_shuts_domain_down(self):
        spec = self.spawned()
        self.driver.power_off(spec)
        self.assertEqual(self.power_state(spec), PowerState.SHUTDOWN)

    def test_power_off_with_timeout_shuts_domain_down(self):
        spec = self.spawned()
        self.driver.power_off(spec, timeout=5)
        self.assertEqual(self.power_state(spec), PowerState.SHUTDOWN)

    def test_power_off_of_paused_domain_shuts_it_down(self):
        spec = self.spawned()
        self.driver.pause(spec)
        self.driver.power_off(spec, timeout=5)
        self.assertEqual(self.power_state(spec), PowerState.SHUTDOWN)

    def test_power_off_twice_is_ok(self):
        spec = self.spawned()
        self.driver.power_off(spec)
        self.driver.power_off(spec)
        self.assertEqual(self.power_state(spec), PowerState.SHUTDOWN)

    def test_power_on_after_power_off_runs_domain(self):
        spec = self.spawned()
        self.driver.power_off(spec)
        self.driver.power_on(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_power_on_of_running_domain_is_a_noop(self):
        spec = self.spawned()
        self.driver.power_on(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    # pause

    def test_pause_freezes_domain(self):
        spec = self.spawned()
        self.driver.pause(spec)
        self.assertEqual(self.power_state(spec), PowerState.PAUSED)

    def test_pause_twice_is_ok(self):
        spec = self.spawned()
        self.driver.pause(spec)
        self.driver.pause(spec)
        self.assertEqual(self.power_state(spec), PowerState.PAUSED)

    def test_unpause_runs_paused_domain(self):
        spec = self.spawned()
        self.driver.pause(spec)
        self.driver.unpause(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_unpause_of_running_domain_is_a_noop(self):
        spec = self.spawned()
        self.driver.unpause(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    # suspend

    def test_suspend_saves_domain(self):
        spec = self.spawned()
        self.driver.suspend(spec)
        self.assertEqual(self.power_state(spec), PowerState.SUSPENDED)

    def test_suspend_twice_is_ok(self):
        spec = self.spawned()
        self.driver.suspend(spec)
        self.driver.suspend(spec)
        self.assertEqual(self.power_state(spec), PowerState.SUSPENDED)

    def test_resume_restores_suspended_domain(self):
        spec = self.spawned()
        self.driver.suspend(spec)
        self.driver.resume(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_resume_of_running_domain_is_a_noop(self):
        spec = self.spawned()
        self.driver.resume(spec)
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    # snapshot

    def snapshot_target(self) -> str:
        return os.path.join(self.root, f"snapshot-{uuid.uuid4().hex[:8]}.qcow2")

    def test_snapshot_writes_a_standalone_qcow2_of_the_disk(self):
        spec = self.spawned()
        target = self.snapshot_target()
        self.driver.snapshot(spec, target)
        info = qemu_img_info(target)
        self.assertEqual(info["format"], "qcow2")
        self.assertNotIn("backing-filename", info)
        self.assertEqual(info["virtual-size"], BACKING_VIRTUAL_GB * 1024**3)

    def test_snapshot_carries_what_the_guest_wrote(self):
        spec = self.spawned()
        write_pattern(spec.disk.path, 0x5A)
        target = self.snapshot_target()
        self.driver.snapshot(spec, target)
        self.assertTrue(has_pattern(target, 0x5A))

    def test_snapshot_keeps_the_power_state(self):
        for name, prepare, expected in (
                ("running", lambda spec: None, PowerState.RUNNING),
                ("paused", self.driver.pause, PowerState.PAUSED),
                ("stopped", self.driver.power_off, PowerState.SHUTDOWN),
                ("suspended", self.driver.suspend, PowerState.SUSPENDED)):
            with self.subTest(name):
                spec = self.spawned()
                prepare(spec)
                self.driver.snapshot(spec, self.snapshot_target())
                self.assertEqual(self.power_state(spec), expected)

    def test_snapshot_twice_rewrites_the_target(self):
        spec = self.spawned()
        target = self.snapshot_target()
        self.driver.snapshot(spec, target)
        write_pattern(spec.disk.path, 0x3C)
        self.driver.snapshot(spec, target)
        self.assertTrue(has_pattern(target, 0x3C))

    def test_failed_snapshot_raises_and_leaves_no_target(self):
        spec = self.spawned()
        os.remove(spec.disk.path)
        target = self.snapshot_target()
        with self.assertRaises(DriverError):
            self.driver.snapshot(spec, target)
        self.assertFalse(os.path.exists(target))
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    # missing domain

    def test_operations_on_missing_domain_raise_domain_not_found(self):
        spec = self.make_spec()
        operations = {
            "reboot soft": lambda: self.driver.reboot(spec, hard=False),
            "reboot hard": lambda: self.driver.reboot(spec, hard=True),
            "power_off": lambda: self.driver.power_off(spec),
            "power_on": lambda: self.driver.power_on(spec),
            "pause": lambda: self.driver.pause(spec),
            "unpause": lambda: self.driver.unpause(spec),
            "suspend": lambda: self.driver.suspend(spec),
            "resume": lambda: self.driver.resume(spec),
            "snapshot": lambda: self.driver.snapshot(spec, self.snapshot_target()),
        }
        for name, operation in operations.items():
            with self.subTest(name), self.assertRaises(DomainNotFound):
                operation()

    def test_domain_not_found_is_a_driver_error(self):
        self.assertTrue(issubclass(DomainNotFound, DriverError))

    # host and console

    def test_host_info_reports_positive_capacity_and_an_arch(self):
        info = self.driver.host_info(os.path.join(self.root, "instances"))
        self.assertGreater(info.vcpus, 0)
        self.assertGreater(info.memory_mb, 0)
        self.assertGreater(info.local_gb, 0)
        self.assertTrue(info.arch)

    def test_host_info_creates_instances_dir(self):
        instances_dir = os.path.join(self.root, "instances")
        self.driver.host_info(instances_dir)
        self.assertTrue(os.path.isdir(instances_dir))

    def test_console_output_of_missing_log_is_empty(self):
        self.assertEqual(self.driver.console_output(self.make_spec()), "")

    def test_console_output_returns_the_last_lines(self):
        spec = self.spawned()
        pathlib.Path(spec.console_log).write_text("".join(f"line {n}\n" for n in range(10)))
        self.assertEqual(self.driver.console_output(spec, length=2), "line 8\nline 9\n")


class LibvirtTestDriverContractTest(ComputeDriverContract, unittest.TestCase):
    """The contract on libvirt's in-process test:///default hypervisor and real qemu-img."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.image_dir = tempfile.mkdtemp(prefix="compute-contract-images-")
        cls.backing_path = make_backing_image(cls.image_dir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.image_dir, ignore_errors=True)
        super().tearDownClass()

    def make_driver(self) -> BaseDriver:
        return LibvirtDriver(uri="test:///default", soft_shutdown_timeout=5)

    # Behaviours of this implementation only, beyond the contract.

    def test_auto_domain_type_is_qemu_when_capabilities_offer_no_kvm(self):
        self.assertEqual(self.driver.domain_type, "qemu")

    def test_explicit_domain_type_overrides_auto(self):
        self.assertEqual(LibvirtDriver(domain_type="kvm").domain_type, "kvm")

    def test_unknown_domain_type_is_rejected(self):
        with self.assertRaises(ValueError):
            LibvirtDriver(domain_type="xen")

    def test_connection_is_reopened_after_it_died(self):
        self.driver.connection.get().close()
        spec = self.spawned()
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_unreachable_uri_raises_driver_error(self):
        with self.assertRaises(DriverError):
            LibvirtDriver(uri="qemu+unix:///system?socket=/nonexistent/sock").list_domains()

    def test_failed_qemu_img_reports_its_stderr(self):
        spec = self.make_spec(backing_path=os.path.join(self.root, "missing.qcow2"))
        with self.assertRaisesRegex(DriverError, "No such file"):
            self.driver.spawn(spec)

    def test_snapshot_pauses_a_running_guest_only_during_the_copy(self):
        spec = self.spawned()
        seen = []
        real_run = self.driver.run_command

        def recording_run(args):
            seen.append((args[1], self.power_state(spec)))
            return real_run(args)

        self.driver.run_command = recording_run
        self.driver.snapshot(spec, self.snapshot_target())
        self.assertEqual(seen, [("convert", PowerState.PAUSED)])
        self.assertEqual(self.power_state(spec), PowerState.RUNNING)

    def test_hypervisor_type_is_libvirts_own_string(self):
        info = self.driver.host_info(os.path.join(self.root, "instances"))
        self.assertEqual(info.hypervisor_type, "TEST")

    def test_destroy_waits_for_a_spawn_of_the_same_instance(self):
        """A delete that arrives mid-build removes what the spawn made, after the spawn."""
        spec = self.make_spec()
        creating, finish_create = threading.Event(), threading.Event()
        real_run = self.driver.run_command

        def slow_create(args):
            if args[1] == "create":
                creating.set()
                finish_create.wait(30)
            return real_run(args)

        self.driver.run_command = slow_create
        spawn = threading.Thread(target=self.driver.spawn, args=(spec,))
        destroy = threading.Thread(target=self.driver.destroy, args=(spec,))
        spawn.start()
        self.assertTrue(creating.wait(30))
        destroy.start()
        while instance_locks.users(spec.uuid) < 2 and destroy.is_alive():  # now it waits
            destroy.join(0.01)
        self.assertTrue(destroy.is_alive())
        self.assertTrue(os.path.isdir(spec.instance_dir))
        finish_create.set()
        spawn.join(30)
        destroy.join(30)
        self.assertNotIn(spec.uuid, [d.uuid for d in self.driver.list_domains()])
        self.assertFalse(os.path.exists(spec.instance_dir))
        self.assertEqual(instance_locks.users(spec.uuid), 0)
