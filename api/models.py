"""Identity records behind the Keystone v3 shim: projects, roles, assignments, tokens."""
import hashlib
import uuid

from django.conf import settings
from django.db import models


def _hex_id():
    return uuid.uuid4().hex


class Project(models.Model):
    """A Keystone project (tenant): owns servers, keypairs' quotas, images."""

    id = models.CharField(primary_key=True, max_length=64, default=_hex_id)
    name = models.CharField(max_length=64, unique=True)
    domain_id = models.CharField(max_length=64, default="default")
    description = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A role name (admin, member, reader, manager, service)."""

    id = models.CharField(primary_key=True, max_length=64, default=_hex_id)
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserIdentity(models.Model):
    """The Keystone face of a Django user: its stable hex id and domain."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="identity")
    id = models.CharField(primary_key=True, max_length=64, default=_hex_id)
    domain_id = models.CharField(max_length=64, default="default")
    default_project = models.ForeignKey(Project, null=True, blank=True,
                                        on_delete=models.SET_NULL)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "user identities"

    def __str__(self):
        return f"{self.user.username} ({self.id})"


class RoleAssignment(models.Model):
    """A user holds a role on a project."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="role_assignments")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "project", "role"],
                                               name="unique_role_assignment")]

    def __str__(self):
        return f"{self.user} {self.role} on {self.project}"


class Token(models.Model):
    """An issued token; only its SHA-256 is stored, so a database leak leaks no tokens."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="tokens")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE)
    roles = models.JSONField(default=list)
    audit_id = models.CharField(max_length=32)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest_of(value):
        return hashlib.sha256(value.encode()).hexdigest()

    def __str__(self):
        return f"token of {self.user} ({self.audit_id})"


class IdempotencyRecord(models.Model):
    """The response of a request sent with an Idempotency-Key, kept for replays."""

    project_id = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    request_id = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project_id", "key"],
                                               name="unique_idempotency_key")]
