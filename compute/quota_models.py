"""Quota records: limits set for a project or one of its users, and for a quota class."""
from django.db import models


class ProjectQuota(models.Model):
    """Limits an admin set for a project (user_id empty) or for one user in it (Nova's quotas
    and project_user_quotas). `limits` maps a resource name to its limit, -1 for unlimited; a
    resource it leaves out falls back to the project's limit, then to the 'default' class,
    then to settings. The project's own row is also the lock that quota checks take."""

    project_id = models.CharField(max_length=64, db_index=True)
    user_id = models.CharField(max_length=64, blank=True)
    limits = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project_id", "user_id"],
                                               name="unique_quota_per_project_user")]

    def __str__(self):
        who = f"user {self.user_id} in " if self.user_id else ""
        return f"quota of {who}project {self.project_id}"


class QuotaClass(models.Model):
    """Limits of a quota class; the class named 'default' overrides the settings' defaults."""

    name = models.CharField(max_length=255, unique=True)
    limits = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "quota classes"

    def __str__(self):
        return self.name
