"""What the scheduler is asked: the resources and constraints of one instance."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestSpec:
    """One instance to place. Built from the Instance row, never from the API body."""

    instance_uuid: str
    project_id: str
    vcpus: int
    memory_mb: int
    disk_gb: int
    availability_zone: str = ""
    image_properties: dict = field(default_factory=dict)
    excluded_hosts: tuple[str, ...] = ()
    scheduler_hints: dict = field(default_factory=dict)

    @classmethod
    def from_instance(cls, instance):
        image_properties = dict(instance.image.properties) if instance.image else {}
        return cls(
            instance_uuid=instance.uuid,
            project_id=instance.project_id,
            vcpus=instance.vcpus,
            memory_mb=instance.memory_mb,
            disk_gb=instance.disk_gb,
            availability_zone=instance.requested_availability_zone,
            image_properties=image_properties,
            excluded_hosts=tuple(instance.tried_hosts),
        )
