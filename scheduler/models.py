"""Scheduler records: claims, aggregates and zones, server groups, hints, decisions."""
import uuid as uuidlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def _new_uuid():
    return str(uuidlib.uuid4())


class Allocation(models.Model):
    """The vCPU/RAM/disk one instance holds on one host. Its row existing *is* the claim:
    creating it adds to the host's usage, deleting it (exactly once) gives the usage back."""

    instance = models.OneToOneField("compute.Instance", on_delete=models.CASCADE,
                                    related_name="allocation")
    host = models.ForeignKey("compute.Host", on_delete=models.CASCADE,
                             related_name="allocations")
    vcpus = models.PositiveIntegerField()
    memory_mb = models.PositiveIntegerField()
    disk_gb = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.instance_id} on {self.host_id}"


class Aggregate(models.Model):
    """A named set of hosts with metadata (Nova's host aggregate). Its `availability_zone`
    metadata makes it an availability zone; `filter_tenant_id*` keys reserve its hosts.
    Change membership and metadata through scheduler.aggregates, which keeps
    Host.availability_zone in step. `updated_at` stays empty until the first change, as
    Nova's does."""

    uuid = models.CharField(max_length=36, unique=True, default=_new_uuid, editable=False)
    name = models.CharField(max_length=255, unique=True)
    hosts = models.ManyToManyField("compute.Host", related_name="aggregates", blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.updated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    @property
    def availability_zone(self):
        return self.metadata.get("availability_zone") or None

    def clean(self):
        if not isinstance(self.metadata, dict):
            raise ValidationError({"metadata": "Metadata must be an object of key: value."})
        if any(not isinstance(value, str) for value in self.metadata.values()):
            raise ValidationError({"metadata": "Metadata values must be strings."})


class ServerGroup(models.Model):
    """Instances placed together or apart (Nova's server group, microversion 2.64 shape:
    one policy, and for anti-affinity the optional rule max_server_per_host)."""

    POLICIES = ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity")
    uuid = models.CharField(max_length=36, unique=True, default=_new_uuid, editable=False)
    name = models.CharField(max_length=255)
    project_id = models.CharField(max_length=64, db_index=True)
    user_id = models.CharField(max_length=64, blank=True)
    policy = models.CharField(max_length=32, choices=[(p, p) for p in POLICIES])
    rules = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "created_at"]

    def __str__(self):
        return f"{self.name} ({self.policy})"

    def clean(self):
        """Nova 2.64: rules only for anti-affinity, and only a positive max_server_per_host."""
        if not isinstance(self.rules, dict):
            raise ValidationError({"rules": "Rules must be an object."})
        if self.rules and self.policy != "anti-affinity":
            raise ValidationError({"rules": "Only anti-affinity policy supports rules."})
        unknown = set(self.rules) - {"max_server_per_host"}
        if unknown:
            raise ValidationError({"rules": f"Unknown rules: {', '.join(sorted(unknown))}."})
        limit = self.rules.get("max_server_per_host", 1)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError({"rules": "max_server_per_host must be a positive integer."})


class ServerGroupMember(models.Model):
    """An instance in a server group; written in the transaction that claims its host."""

    group = models.ForeignKey(ServerGroup, on_delete=models.CASCADE, related_name="members")
    instance = models.OneToOneField("compute.Instance", on_delete=models.CASCADE,
                                    to_field="uuid", related_name="server_group_member")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.instance_id} in {self.group_id}"


class PlacementRequest(models.Model):
    """What an instance asked of the scheduler beyond its flavor, image and zone: its
    scheduler hints (Nova's os:scheduler_hints) and the server group they name."""

    instance = models.OneToOneField("compute.Instance", on_delete=models.CASCADE,
                                    to_field="uuid", related_name="placement_request")
    hints = models.JSONField(default=dict, blank=True)
    group = models.ForeignKey(ServerGroup, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="placement_requests")

    def __str__(self):
        return f"hints of {self.instance_id}"


class BuildStats(models.Model):
    """A host's build failures since its last successful build (Nova's failed_builds),
    which the build-failure weigher steers new builds away from."""

    host = models.OneToOneField("compute.Host", on_delete=models.CASCADE,
                                related_name="build_stats")
    failed_builds = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.host_id}: {self.failed_builds} failed builds"


class HostLoad(models.Model):
    """How many live (not deleted) instances a host holds, and how many of those keep its
    disks and network busy (building, or in a compute.hosts.WORKLOAD_TASK_STATES task):
    Nova's num_instances and io_workload. Kept by database triggers on compute_instance
    (migration 0005), so every writer of an instance keeps it exact without knowing it;
    scheduler.load.audit (the allocation audit task) heals any drift. No row: zero of both."""

    host = models.OneToOneField("compute.Host", on_delete=models.CASCADE, primary_key=True,
                                related_name="load")
    instances = models.IntegerField(default=0)
    io_ops = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.host_id}: {self.instances} instances, {self.io_ops} I/O operations"


class SchedulingDecision(models.Model):
    """One scheduling run, explained: what was asked, every filter's hosts in and out with
    each rejected host's reason, the top weights, the chosen host and its alternates.
    `summary` is one line that names no host; admins may see the full record."""

    PLACED = "placed"
    NO_VALID_HOST = "no_valid_host"
    WOULD_PLACE = "would_place"
    OUTCOMES = ((PLACED, "placed"), (NO_VALID_HOST, "no valid host"),
                (WOULD_PLACE, "would place (dry run)"))
    instance = models.ForeignKey("compute.Instance", null=True, blank=True, to_field="uuid",
                                 on_delete=models.CASCADE, related_name="scheduling_decisions")
    attempt = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    algorithm = models.CharField(max_length=255, blank=True)
    request = models.JSONField(default=dict, blank=True)
    candidate_count = models.PositiveIntegerField(default=0)
    filters = models.JSONField(default=list, blank=True)
    weights = models.JSONField(default=list, blank=True)
    chosen_host = models.CharField(max_length=255, blank=True)
    alternates = models.JSONField(default=list, blank=True)
    claim_failed = models.JSONField(default=list, blank=True,
                                    help_text="Chosen hosts that filled up before the claim")
    outcome = models.CharField(max_length=32, choices=OUTCOMES)
    summary = models.TextField(blank=True)
    duration_ms = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"attempt {self.attempt} of {self.instance_id}: {self.outcome}"

    def summary_for(self, is_admin):
        """The one-line summary; admins also read which hosts were chosen or rejected."""
        if not is_admin:
            return self.summary
        parts = [self.summary]
        if self.chosen_host:
            parts.append(f"Chosen: {self.chosen_host}.")
        if self.alternates:
            parts.append(f"Alternates: {', '.join(self.alternates)}.")
        if self.claim_failed:
            parts.append(f"Filled up before the claim: {', '.join(self.claim_failed)}.")
        rejected = [_rejected_hosts(entry) for entry in self.filters if entry["out"]]
        if rejected:
            parts.append(f"Rejected: {'; '.join(rejected)}.")
        return " ".join(parts)


def _rejected_hosts(entry):
    names = ", ".join(row["host"] for row in entry["rejected"])
    more = f" (+{entry['rejected_more']} more)" if entry.get("rejected_more") else ""
    return f"{entry['filter']}: {names}{more}"
