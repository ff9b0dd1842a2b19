"""Scheduler records: the capacity an instance holds on a host."""
from django.db import models


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
