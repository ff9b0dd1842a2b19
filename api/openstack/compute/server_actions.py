"""POST /servers/{id}/action: the lifecycle actions, rebuild, restore and forceDelete,
lock/unlock, os-resetState, injectNetworkInfo, os-getConsoleOutput, createImage and
createBackup."""
from rest_framework.response import Response

from api import schemas
from api.errors import BadRequest, Conflict, Forbidden
from api.idempotency import idempotent
from api.openstack.compute import (
    console_output,
    create_backup,
    create_image,
    floating_ips,
    lookups,
    rebuild,
    server_security_groups,
)
from api.views import OpenStackView, ok
from compute import deletes, network_injection, services

# action key → service; each takes (instance, **common kwargs)
SIMPLE = {
    "os-stop": services.stop_instance,
    "os-start": services.start_instance,
    "pause": services.pause_instance,
    "unpause": services.unpause_instance,
    "suspend": services.suspend_instance,
    "resume": services.resume_instance,
    "restore": deletes.restore_instance,
    "forceDelete": deletes.force_delete_instance,
}


def _reboot(view, instance, arg, common):
    kind = (arg or {}).get("type") if isinstance(arg, dict) else None
    if not isinstance(kind, str) or kind.upper() not in ("SOFT", "HARD"):
        raise BadRequest("Invalid input for field/attribute type. Value must be SOFT or HARD.")
    return services.reboot_instance(instance, hard=kind.upper() == "HARD",
                                    is_admin=view.context.is_admin, **common)


def _reset_state(view, instance, arg, common):
    if not view.context.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-admin-actions:reset_state "
                        "to be performed.")
    state = (arg or {}).get("state") if isinstance(arg, dict) else None
    if state not in ("active", "error"):
        raise BadRequest("Invalid input for field/attribute state. Value must be 'active' "
                         "or 'error'.")
    return services.reset_state(instance, state, user_id=common["user_id"],
                                request_id=common["request_id"])


# From 2.73 the lock argument may give a reason, and nothing else; below, it is ignored.
LOCK_V273 = {"type": ["object", "null"], "additionalProperties": False, "properties": {
    "locked_reason": {"type": "string", "minLength": 1, "maxLength": 255}}}


def _lock(view, instance, arg, common):
    reason = ""
    if view.version >= (2, 73):
        reason = (schemas.validate(arg, LOCK_V273) or {}).get("locked_reason", "")
    return services.lock_instance(instance, reason, user_id=common["user_id"],
                                  request_id=common["request_id"])


def _unlock(view, instance, arg, common):
    if instance.locked and not view.context.is_admin and \
            view.context.user_id != instance.user_id:
        raise Conflict(f"Instance {instance.uuid} is locked")
    return services.unlock_instance(instance, user_id=common["user_id"],
                                    request_id=common["request_id"])


def _inject_network_info(view, instance, arg, common):
    if not view.context.is_admin:
        raise Forbidden("Policy doesn't allow os_compute_api:os-admin-actions:"
                        "inject_network_info to be performed.")
    return network_injection.inject_network_info(instance, is_admin=True, **common)


# A SPECIAL handler may return its own response (os-getConsoleOutput answers 200 with a body).
SPECIAL = {"reboot": _reboot, "os-resetState": _reset_state, "lock": _lock, "unlock": _unlock,
           "os-getConsoleOutput": console_output.get_console_output,
           "rebuild": rebuild.rebuild, "injectNetworkInfo": _inject_network_info,
           "createImage": create_image.create_image,
           "createBackup": create_backup.create_backup,
           "addFloatingIp": floating_ips.add_floating_ip,
           "removeFloatingIp": floating_ips.remove_floating_ip,
           "addSecurityGroup": server_security_groups.add_security_group,
           "removeSecurityGroup": server_security_groups.remove_security_group}
# The body names one action; its argument is an object (or null) that the action checks.
ACTION = {"type": "object", "minProperties": 1, "maxProperties": 1,
          "additionalProperties": False,
          "properties": {**{key: {"type": ["object", "null"]} for key in (*SIMPLE, *SPECIAL)},
                         "os-getConsoleOutput": console_output.ARGUMENT,
                         "createImage": create_image.ARGUMENT,
                         "createBackup": create_backup.ARGUMENT,
                         "rebuild": {"type": "object"}}}


class ServerAction(OpenStackView):
    """One action per request: the body's only key names it."""

    request_schemas = {"post": ACTION}

    @idempotent
    def post(self, request, server_id):
        data = request.data
        if not isinstance(data, dict) or len(data) != 1:
            raise BadRequest("There is either no action or more than one action in the body.")
        (key, arg), = data.items()
        instance = lookups.server(self.context, server_id)  # unknown server: 404 first
        if key not in SIMPLE and key not in SPECIAL:
            raise BadRequest(f"There is no such action: {key}")
        if arg is not None and not isinstance(arg, dict):
            raise BadRequest(f"Invalid input for action {key}: expected an object or null.")
        common = {"user_id": self.context.user_id, "request_id": request.request_id}
        if key in SIMPLE:
            SIMPLE[key](instance, is_admin=self.context.is_admin, **common)
        else:
            answer = SPECIAL[key](self, instance, arg, common)
            if isinstance(answer, Response):
                return answer
        return ok(None, status=202)
