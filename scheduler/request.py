"""What the scheduler is asked: one instance's resources and constraints, with its hints
resolved to the hosts they point at (a constant number of queries, whatever the cloud)."""
from dataclasses import dataclass, field

from django.db.models import Q

from compute import states
from compute.models import Host, Instance
from scheduler import groups


@dataclass(frozen=True)
class GroupSpec:
    """The server group of the instance being placed, and where its members hold claims."""

    uuid: str
    policy: str
    rules: dict
    host_counts: dict  # host id → members of the group claimed there

    def members_on(self, host_id):
        return self.host_counts.get(host_id, 0)


@dataclass(frozen=True)
class RequestSpec:
    """One instance to place. Built from the Instance row (or a flavor, for a dry run),
    never from an API body."""

    instance_uuid: str
    project_id: str
    vcpus: int
    memory_mb: int
    disk_gb: int
    root_gb: int = 0
    availability_zone: str = ""
    image_properties: dict = field(default_factory=dict)
    image_min_ram: int = 0
    image_min_disk: int = 0
    excluded_hosts: tuple[str, ...] = ()
    scheduler_hints: dict = field(default_factory=dict)
    group: GroupSpec | None = None
    same_host_ids: frozenset = frozenset()
    different_host_ids: frozenset = frozenset()
    requested_host: str = ""  # Nova's requested destination (2.74), admins only
    requested_node: str = ""
    destination_ids: frozenset | None = None  # the hosts matching it; None: any host

    @classmethod
    def from_instance(cls, instance, placement=None):
        """The spec of `instance`; `placement` is its PlacementRequest row, if any."""
        hints = placement.hints if placement else {}
        group = placement.group if placement else None
        return cls(
            instance_uuid=instance.uuid, project_id=instance.project_id,
            vcpus=instance.vcpus, memory_mb=instance.memory_mb, disk_gb=instance.disk_gb,
            root_gb=instance.root_gb, availability_zone=instance.requested_availability_zone,
            excluded_hosts=tuple(instance.tried_hosts), **_image(instance.image),
            **resolve_hints(hints, group, instance.uuid),
            **resolve_destination(instance.requested_host, instance.requested_node))

    @classmethod
    def from_flavor(cls, flavor, image, project_id, availability_zone="", hints=None,
                    group=None):
        """The spec an instance of `flavor` booted from `image` would have (dry runs)."""
        sized = Instance(root_gb=flavor.root_gb, ephemeral_gb=flavor.ephemeral_gb,
                         swap=flavor.swap)
        return cls(
            instance_uuid="", project_id=project_id, vcpus=flavor.vcpus,
            memory_mb=flavor.memory_mb, disk_gb=sized.disk_gb, root_gb=flavor.root_gb,
            availability_zone=availability_zone, **_image(image),
            **resolve_hints(hints or {}, group))

    def hint(self, key, default=None):
        return self.scheduler_hints.get(key, default)


def _image(image):
    if image is None:
        return {}
    return {"image_properties": dict(image.properties or {}), "image_min_ram": image.min_ram,
            "image_min_disk": image.min_disk}


def resolve_hints(hints, group, instance_uuid=""):
    """RequestSpec fields for the hints: the group and where its members are, and the hosts
    of the instances named by same_host / different_host."""
    return {
        "scheduler_hints": dict(hints),
        "group": _group_spec(group, instance_uuid),
        "same_host_ids": _hosts_of(hints.get("same_host")),
        "different_host_ids": _hosts_of(hints.get("different_host")),
    }


def resolve_destination(host="", node=""):
    """RequestSpec fields for a requested destination: the ids of the hosts named `host`
    whose hypervisor hostname (the host name when it reports none) is `node`."""
    if not host and not node:
        return {}
    hosts = Host.objects.all()
    if host:
        hosts = hosts.filter(name=host)
    if node:
        hosts = hosts.filter(Q(hypervisor_hostname=node) |
                             Q(hypervisor_hostname="", name=node))
    return {"requested_host": host, "requested_node": node,
            "destination_ids": frozenset(hosts.values_list("id", flat=True))}


def _group_spec(group, instance_uuid):
    if group is None:
        return None
    return GroupSpec(group.uuid, group.policy, dict(group.rules),
                     groups.host_counts(group, exclude_uuid=instance_uuid))


def _hosts_of(uuids):
    if not uuids:
        return frozenset()
    return frozenset(Instance.objects.filter(uuid__in=uuids, host__isnull=False)
                     .exclude(vm_state=states.DELETED).values_list("host_id", flat=True))
