"""Why an instance refuses a request (the 409s: invalid state, not placed, locked) and the
guards the services share to raise them. compute.states re-exports the exceptions."""

# The name Nova prints in its conflict message ("Cannot 'reboot' instance ...").
API_NAMES = {"reboot_hard": "reboot", "stop": "stop", "start": "start",
             "snapshot": "createImage", "backup": "createBackup", "soft_delete": "delete"}


class InstanceConflict(Exception):
    """The request conflicts with the instance's current state (HTTP 409)."""


class InstanceInvalidState(InstanceConflict):
    """The instance is not in a state that allows the requested action (HTTP 409)."""

    def __init__(self, action, uuid, attr, state):
        self.action, self.uuid, self.attr, self.state = action, uuid, attr, state
        super().__init__(
            f"Cannot '{API_NAMES.get(action, action)}' instance {uuid} while it is in "
            f"{attr} {state}")


class InstanceNotReady(InstanceConflict):
    """The instance has no host to act on (it never got placed) (HTTP 409)."""

    def __init__(self, uuid):
        super().__init__(f"Instance {uuid} is not ready")


class InstanceLocked(InstanceConflict):
    """A locked instance refuses actions from non-admins (HTTP 409)."""

    def __init__(self, uuid):
        super().__init__(f"Instance {uuid} is locked")


def check_unlocked(instance, is_admin):
    """InstanceLocked when a non-admin acts on a locked instance."""
    if instance.locked and not is_admin:
        raise InstanceLocked(instance.uuid)


def check_placed(instance):
    """InstanceNotReady while the instance has no host (it never got placed)."""
    if instance.host_id is None:
        raise InstanceNotReady(instance.uuid)


def check_actionable(instance, is_admin):
    """The guards of an action the instance's host carries out: unlocked (for non-admins),
    then placed."""
    check_unlocked(instance, is_admin)
    check_placed(instance)
