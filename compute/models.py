"""Compute records: hosts, flavors, images, instances and their recorded actions."""
import uuid as uuidlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from compute import states
from compute.quota_models import ProjectQuota, QuotaClass  # noqa: F401 (registered here)
from compute.service_models import ControlService  # noqa: F401 (registered here)


def _new_uuid():
    return str(uuidlib.uuid4())


class Host(models.Model):
    """A compute host: registered and kept fresh by its own host worker."""

    uuid = models.CharField(max_length=36, unique=True, default=_new_uuid, editable=False)
    name = models.CharField(max_length=255, unique=True)
    availability_zone = models.CharField(max_length=255, default="nova")
    arch = models.CharField(max_length=32, blank=True)
    hypervisor_type = models.CharField(max_length=64, blank=True)
    hypervisor_version = models.BigIntegerField(default=0)
    hypervisor_hostname = models.CharField(max_length=255, blank=True)
    cpu_model = models.CharField(max_length=255, blank=True)
    vcpus = models.PositiveIntegerField(default=0)
    memory_mb = models.PositiveIntegerField(default=0)
    local_gb = models.PositiveIntegerField(default=0)
    vcpus_used = models.IntegerField(default=0)
    memory_mb_used = models.IntegerField(default=0)
    local_gb_used = models.IntegerField(default=0)
    reserved_vcpus = models.PositiveIntegerField(default=0)
    reserved_memory_mb = models.PositiveIntegerField(default=512)
    reserved_disk_gb = models.PositiveIntegerField(default=0)
    cpu_allocation_ratio = models.FloatField(default=4.0)
    ram_allocation_ratio = models.FloatField(default=1.0)
    disk_allocation_ratio = models.FloatField(default=1.0)
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=255, blank=True)
    forced_down = models.BooleanField(default=False)
    last_heartbeat = models.DateTimeField(null=True, blank=True)
    unknown_domains = models.JSONField(default=list, blank=True,
                                       help_text="Domains the hypervisor runs that we don't know")
    host_ip = models.GenericIPAddressField(null=True, blank=True)
    uptime = models.CharField(max_length=255, blank=True,
                              help_text="The host's `uptime` line at its last report")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def queue(self):
        return f"host.{self.name}"

    @property
    def is_up(self):
        """Up while the heartbeat is fresher than SERVICE_DOWN_TIME and not forced down."""
        if self.forced_down or self.last_heartbeat is None:
            return False
        age = timezone.now() - self.last_heartbeat
        return age <= timedelta(seconds=settings.SERVICE_DOWN_TIME)

    @property
    def vcpus_capacity(self):
        return int((self.vcpus - self.reserved_vcpus) * self.cpu_allocation_ratio)

    @property
    def memory_mb_capacity(self):
        return int((self.memory_mb - self.reserved_memory_mb) * self.ram_allocation_ratio)

    @property
    def local_gb_capacity(self):
        return int((self.local_gb - self.reserved_disk_gb) * self.disk_allocation_ratio)


class Flavor(models.Model):
    """A hardware template (Nova's flavor): sizes are copied into instances at boot."""

    flavorid = models.CharField("ID", max_length=255, unique=True, default=_new_uuid)
    name = models.CharField(max_length=255, unique=True)
    vcpus = models.PositiveIntegerField()
    memory_mb = models.PositiveIntegerField("RAM (MB)")
    root_gb = models.PositiveIntegerField("Disk (GB)", default=0)
    ephemeral_gb = models.PositiveIntegerField(default=0)
    swap = models.PositiveIntegerField("Swap (MB)", default=0)
    rxtx_factor = models.FloatField(default=1.0)
    is_public = models.BooleanField(default=True)
    disabled = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    extra_specs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["memory_mb", "flavorid"]

    def __str__(self):
        return self.name


class FlavorAccess(models.Model):
    """A project allowed to use a private flavor."""

    flavor = models.ForeignKey(Flavor, on_delete=models.CASCADE, related_name="access")
    project_id = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["flavor", "project_id"],
                                               name="unique_flavor_access")]

    def __str__(self):
        return f"{self.flavor} for {self.project_id}"


class Image(models.Model):
    """A disk image (Glance's fields); its file lives in IMAGES_DIR/<id>."""

    STATUSES = ["queued", "saving", "uploading", "importing", "active", "killed", "deleted",
                "pending_delete", "deactivated"]
    id = models.CharField(primary_key=True, max_length=36, default=_new_uuid)
    name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=32, default="queued",
                              choices=[(s, s) for s in STATUSES])
    disk_format = models.CharField(max_length=32, blank=True, default="qcow2")
    container_format = models.CharField(max_length=32, blank=True, default="bare")
    size = models.BigIntegerField(null=True, blank=True)
    virtual_size = models.BigIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=32, blank=True)
    os_hash_algo = models.CharField(max_length=64, blank=True)
    os_hash_value = models.CharField(max_length=128, blank=True)
    min_ram = models.PositiveIntegerField(default=0)
    min_disk = models.PositiveIntegerField(default=0)
    visibility = models.CharField(max_length=16, default="shared", choices=[
        (v, v) for v in ("public", "private", "shared", "community")])
    protected = models.BooleanField(default=False)
    owner = models.CharField(max_length=64, blank=True)
    properties = models.JSONField(default=dict, blank=True,
                                  help_text="e.g. architecture, hypervisor_type, os_distro")
    kernel_id = models.CharField(max_length=36, blank=True)
    ramdisk_id = models.CharField(max_length=36, blank=True)
    tags = models.JSONField(default=list, blank=True)
    os_hidden = models.BooleanField(default=False,
                                    help_text="Left out of image lists unless asked for")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "created_at"]

    def __str__(self):
        return self.name or self.id

    @property
    def path(self):
        return str(settings.IMAGES_DIR / self.id)


class KeyPair(models.Model):
    """An SSH public key a user injects into instances (Nova's keypair)."""

    name = models.CharField(max_length=255)
    user_id = models.CharField(max_length=64, db_index=True)
    project_id = models.CharField(max_length=64, blank=True)
    public_key = models.TextField()
    fingerprint = models.CharField(max_length=128)
    type = models.CharField(max_length=16, default="ssh", choices=[("ssh", "ssh"),
                                                                   ("x509", "x509")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user_id", "name"],
                                               name="unique_keypair_per_user")]

    def __str__(self):
        return self.name


class Instance(models.Model):
    """A virtual machine. vm_state/task_state/power_state are written by compute.states only."""

    uuid = models.CharField(max_length=36, unique=True, default=_new_uuid, editable=False)
    display_name = models.CharField("name", max_length=255)
    description = models.TextField(blank=True)
    project_id = models.CharField(max_length=64, db_index=True)
    user_id = models.CharField(max_length=64)
    image = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL)
    image_ref = models.CharField(max_length=36, blank=True)
    flavor = models.ForeignKey(Flavor, null=True, blank=True, on_delete=models.SET_NULL)
    # The flavor as it was at boot: later flavor edits never change a running instance.
    instance_type_name = models.CharField("flavor name", max_length=255, blank=True)
    vcpus = models.PositiveIntegerField(default=0)
    memory_mb = models.PositiveIntegerField(default=0)
    root_gb = models.PositiveIntegerField(default=0)
    ephemeral_gb = models.PositiveIntegerField(default=0)
    swap = models.PositiveIntegerField(default=0)
    flavor_extra_specs = models.JSONField(default=dict, blank=True)
    host = models.ForeignKey(Host, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="instances")
    availability_zone = models.CharField(max_length=255, blank=True)
    requested_availability_zone = models.CharField(max_length=255, blank=True)
    # An admin's requested destination at boot (Nova 2.74): the scheduler admits only it.
    requested_host = models.CharField(max_length=255, blank=True)
    requested_node = models.CharField("requested hypervisor hostname", max_length=255,
                                      blank=True)
    vm_state = models.CharField(max_length=32, default=states.BUILDING, db_index=True,
                                editable=False)
    task_state = models.CharField(max_length=64, null=True, blank=True, default=None,
                                  editable=False)
    power_state = models.PositiveSmallIntegerField(default=0, editable=False)
    task_state_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    launched_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    metadata = models.JSONField(default=dict, blank=True)
    key_name = models.CharField(max_length=255, blank=True)
    key_data = models.TextField(blank=True)
    user_data = models.TextField(blank=True)
    fault = models.JSONField(null=True, blank=True, editable=False)
    access_ip_v4 = models.CharField(max_length=64, blank=True)
    access_ip_v6 = models.CharField(max_length=64, blank=True)
    config_drive = models.CharField(max_length=255, blank=True)
    disk_config = models.CharField(max_length=16, default="MANUAL")
    # Certificate ids the image's signature must chain to (Nova 2.63); null: none given.
    trusted_image_certificates = models.JSONField(null=True, blank=True)
    # The image's standard properties as they were at boot (or rebuild), as Nova keeps them
    # in system metadata (compute.image_properties).
    image_properties = models.JSONField(default=dict, blank=True)
    hostname = models.CharField(max_length=255, blank=True)
    locked = models.BooleanField(default=False)
    locked_reason = models.CharField(max_length=255, blank=True)
    reservation_id = models.CharField(max_length=255, blank=True)
    launch_index = models.PositiveIntegerField(default=0)
    scheduling_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    tried_hosts = models.JSONField(default=list, blank=True, editable=False)
    tags = models.JSONField(default=list, blank=True)
    # Written by the host (compute.consoles.capture); the API only reads it.
    console_tail = models.TextField(blank=True, editable=False)
    # What the guest posted to the metadata service, encrypted with its key (Nova's
    # os-server-password); the cloud never knows the clear text.
    encrypted_password = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["project_id", "vm_state"])]

    def __str__(self):
        return f"{self.display_name} ({self.uuid})"

    @property
    def status(self):
        return states.status_from_state(self.vm_state, self.task_state)

    @property
    def disk_gb(self):
        """Local disk the instance needs: root + ephemeral + swap rounded up to GiB."""
        return self.root_gb + self.ephemeral_gb + (self.swap + 1023) // 1024

    @property
    def domain_name(self):
        # Named by uuid, not by row id: ids can repeat when a database is rebuilt, while the
        # hypervisor may still hold domains from before.
        return f"instance-{self.uuid}"

    @property
    def instance_dir(self):
        return str(settings.INSTANCES_DIR / self.uuid)


class InstanceAction(models.Model):
    """One user-visible operation on an instance (Nova's instance action)."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="actions",
                                 to_field="uuid")
    action = models.CharField(max_length=64)
    request_id = models.CharField(max_length=64, db_index=True)
    user_id = models.CharField(max_length=64, blank=True)
    project_id = models.CharField(max_length=64, blank=True)
    start_time = models.DateTimeField(default=timezone.now)
    finish_time = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-start_time", "-id"]

    def __str__(self):
        return f"{self.action} {self.request_id}"


class InstanceActionEvent(models.Model):
    """One chain step of an action: where it ran, when, and how it ended."""

    action = models.ForeignKey(InstanceAction, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=64)
    start_time = models.DateTimeField(default=timezone.now)
    finish_time = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=16, blank=True)  # Success | Error, empty while running
    host = models.CharField(max_length=255, blank=True)
    traceback = models.TextField(blank=True)
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["start_time", "id"]

    def __str__(self):
        return f"{self.event}: {self.result or 'running'}"
