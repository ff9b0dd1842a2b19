"""Nova's injectNetworkInfo admin action: record it and send the host step that re-applies
the instance's network configuration (compute.lifecycle_tasks.inject_network_info)."""
from django.db import transaction

from compute import conflicts, events, workflows


def inject_network_info(instance, user_id="", request_id=None, is_admin=True):
    """Allowed in any live state while the instance has a host (InstanceNotReady before it
    is placed, InstanceLocked for non-admins on a locked one). Returns the request id."""
    conflicts.check_actionable(instance, is_admin)
    request_id = request_id or events.new_request_id()
    with transaction.atomic():
        events.start_action(instance, "inject_network_info", request_id, user_id)
        step = workflows.inject_network_info(instance, request_id)
        transaction.on_commit(step.apply_async)
    return request_id
