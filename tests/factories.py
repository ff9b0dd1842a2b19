"""Plain constructors for test records: make_host(), make_flavor(), make_image(), ..."""
import os
import subprocess
import uuid

from django.conf import settings
from django.utils import timezone

from compute import states
from compute.models import Flavor, Host, Image, Instance


def make_host(name=None, **fields):
    """An enabled, up host with 8 vCPU, 16 GiB RAM, 100 GiB disk unless told otherwise."""
    values = {
        "name": name or f"host-{uuid.uuid4().hex[:8]}", "vcpus": 8, "memory_mb": 16384,
        "local_gb": 100, "reserved_memory_mb": 0, "arch": "x86_64",
        "hypervisor_type": "QEMU", "last_heartbeat": timezone.now(),
    }
    values.update(fields)
    return Host.objects.create(**values)


def make_flavor(name=None, vcpus=1, memory_mb=512, root_gb=1, **fields):
    name = name or f"flavor-{uuid.uuid4().hex[:8]}"
    return Flavor.objects.create(name=name, vcpus=vcpus, memory_mb=memory_mb,
                                 root_gb=root_gb, **fields)


def make_image(name="test-image", with_file=True, **fields):
    """An active qcow2 image; with_file writes a real 64 MiB qcow2 into IMAGES_DIR."""
    image = Image.objects.create(name=name, status="active", disk_format="qcow2",
                                 visibility="public", **fields)
    if with_file:
        os.makedirs(settings.IMAGES_DIR, exist_ok=True)
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", image.path, "64M"],
                       check=True)
        Image.objects.filter(pk=image.pk).update(size=os.path.getsize(image.path),
                                                 virtual_size=64 * 2**20)
        image.refresh_from_db()
    return image


def make_instance(vm_state=states.ACTIVE, task_state=None, host=None, flavor=None,
                  image=None, power_state=1, **fields):
    """An instance row in the given state (no chain runs)."""
    flavor = flavor or make_flavor()
    values = {
        "display_name": f"vm-{uuid.uuid4().hex[:6]}", "project_id": "project-a",
        "user_id": "user-a", "flavor": flavor, "instance_type_name": flavor.name,
        "vcpus": flavor.vcpus, "memory_mb": flavor.memory_mb, "root_gb": flavor.root_gb,
        "image": image, "image_ref": image.id if image else "", "host": host,
        "vm_state": vm_state, "task_state": task_state, "power_state": power_state,
    }
    values.update(fields)
    return Instance.objects.create(**values)


def make_action(instance, action="create", events=(), **fields):
    """An InstanceAction on `instance` with one finished event per (name, result, traceback)."""
    from compute.models import InstanceAction, InstanceActionEvent

    record = InstanceAction.objects.create(
        instance=instance, action=action, request_id=f"req-{uuid.uuid4()}",
        project_id=instance.project_id, **fields)
    for name, result, traceback in events:
        InstanceActionEvent.objects.create(action=record, event=name, result=result,
                                           traceback=traceback, finish_time=timezone.now())
    return record


def make_network(name="private", cidr="10.0.0.0/24", project_id="project-a", shared=False,
                 external=False, **subnet_fields):
    """A network with one subnet of `cidr` (gateway the first host, pools the rest)."""
    from networking import networks

    network = networks.create_network(project_id=project_id, name=name, shared=shared,
                                      external=external)
    networks.create_subnet(network=network, project_id=project_id, cidr=cidr,
                           ip_version=4 if "." in cidr else 6, **subnet_fields)
    return network


def make_security_group(name="web", project_id="project-a", description=""):
    """A security group made through the service (so the project's default group exists)."""
    from networking import security_groups

    return security_groups.create_group(project_id, name, description)
