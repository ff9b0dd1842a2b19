"""Rebuild (Nova's rebuild action): the checks, the fields a rebuild replaces, the task
state, the chain; and what a failed rebuild step leaves behind."""
import base64
import binascii
import logging

from django.db import transaction

from compute import conflicts, events, failures, image_properties, images, quotas, states, workflows
from compute.models import Instance
from compute.services import InvalidRequest, check_image_fits, disk_config_for

log = logging.getLogger(__name__)

# Instance fields a rebuild may replace, as the service's keyword arguments name them.
REPLACEABLE = ("display_name", "metadata", "access_ip_v4", "access_ip_v6", "disk_config",
               "description", "key_name", "key_data", "user_data", "hostname",
               "trusted_image_certificates")


def check_personality(project_id, files):
    """Nova's injected-file quotas on a personality list of {"path", "contents"} (403)."""
    limits = quotas.limits(project_id)
    checks = ((len(files), limits["injected_files"], "injected_files",
               "Personality file limit exceeded"),
              (max((len(f["path"].encode()) for f in files), default=0),
               limits["injected_file_path_bytes"], "injected_file_path_bytes",
               f"Personality file path exceeds maximum {limits['injected_file_path_bytes']}"),
              (max((len(f["contents"]) for f in files), default=0),
               limits["injected_file_content_bytes"], "injected_file_content_bytes",
               "Personality file content exceeds maximum "
               f"{limits['injected_file_content_bytes']}"))
    for used, limit, resource, message in checks:
        if limit > quotas.UNLIMITED and used > limit:
            raise quotas.QuotaExceeded([(resource, limit, 0, used)], message)
    for item in files:
        _check_base64(item["contents"], "personality")


def _check_base64(value, field):
    try:
        base64.b64decode(value or "", validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest(f"Invalid input for field/attribute {field}: not valid "
                             "base64.") from None


def rebuild_instance(instance, image_id, *, project_id, user_id, is_admin=True,
                     request_id=None, personality=(), **changes):
    """Rebuild `instance` from image `image_id` (as the caller, `project_id`/`is_admin`,
    may read it): allowed from active, stopped and error (InstanceInvalidState otherwise,
    InstanceLocked for non-admins on a locked server, InstanceNotReady when never placed);
    an unknown or unfit image is InvalidRequest, too much metadata or personality
    QuotaExceeded. `changes` (REPLACEABLE) are written with the new image in the transaction
    that enters `rebuilding`; the host chain starts on commit. Returns the instance."""
    unknown = set(changes) - set(REPLACEABLE)
    if unknown:
        raise InvalidRequest(f"cannot rebuild with {', '.join(sorted(unknown))}")
    conflicts.check_actionable(instance, is_admin)
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        instance = states.begin(instance, "rebuild")  # the state is refused before the body
        image = images.readable(project_id, is_admin).filter(id=image_id).first()
        if image is None:
            raise InvalidRequest("Cannot find image for rebuild")
        check_image_fits(image, instance.memory_mb, instance.root_gb)
        if "disk_config" in changes:
            disk_config_for(image, changes["disk_config"])
        if "metadata" in changes:
            quotas.check_metadata_items(instance.project_id, len(changes["metadata"]))
        check_personality(instance.project_id, list(personality))
        if "user_data" in changes:
            _check_base64(changes["user_data"], "user_data")
        Instance.objects.filter(pk=instance.pk).update(
            image=image, image_ref=image.id, image_properties=image_properties.kept_from(image),
            **changes)
        events.start_action(instance, "rebuild", request_id, user_id, project_id)
        chain = workflows.rebuild(instance, request_id)
        transaction.on_commit(chain.apply_async)
    instance.refresh_from_db()
    return instance


def fail(instance, request_id, exc):
    """A rebuild step failed on the host: ERROR with a fault (the server keeps its host and
    claim; rebuilding again or deleting are the ways on), the action closes as an error."""
    log.warning("rebuild of %s failed: %s", instance.uuid, exc)
    states.errored(instance.uuid, failures.fault(exc), expected_task_state=instance.task_state)
    events.finish_action(instance.uuid, request_id, message="Error")
