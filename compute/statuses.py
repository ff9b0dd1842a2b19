"""Instance state names as data: Nova's vm_state and task_state values, power state names, and
the API status Nova derives from them (its status table). compute.states re-exports all of it
and holds the transitions."""
from compute.specs import PowerState

# --- vm_state -------------------------------------------------------------------------------
ACTIVE = "active"
BUILDING = "building"
PAUSED = "paused"
SUSPENDED = "suspended"
STOPPED = "stopped"
RESCUED = "rescued"
RESIZED = "resized"
SOFT_DELETED = "soft-delete"
DELETED = "deleted"
ERROR = "error"
SHELVED = "shelved"
SHELVED_OFFLOADED = "shelved_offloaded"
VM_STATES = (ACTIVE, BUILDING, PAUSED, SUSPENDED, STOPPED, RESCUED, RESIZED, SOFT_DELETED,
             DELETED, ERROR, SHELVED, SHELVED_OFFLOADED)


class Task:
    """task_state values (Nova's `task_states`)."""

    SCHEDULING = "scheduling"
    BLOCK_DEVICE_MAPPING = "block_device_mapping"
    NETWORKING = "networking"
    SPAWNING = "spawning"
    IMAGE_SNAPSHOT = "image_snapshot"
    IMAGE_SNAPSHOT_PENDING = "image_snapshot_pending"
    IMAGE_PENDING_UPLOAD = "image_pending_upload"
    IMAGE_UPLOADING = "image_uploading"
    IMAGE_BACKUP = "image_backup"
    UPDATING_PASSWORD = "updating_password"
    RESIZE_PREP = "resize_prep"
    RESIZE_MIGRATING = "resize_migrating"
    RESIZE_MIGRATED = "resize_migrated"
    RESIZE_FINISH = "resize_finish"
    RESIZE_REVERTING = "resize_reverting"
    RESIZE_CONFIRMING = "resize_confirming"
    REBOOTING = "rebooting"
    REBOOT_PENDING = "reboot_pending"
    REBOOT_STARTED = "reboot_started"
    REBOOTING_HARD = "rebooting_hard"
    REBOOT_PENDING_HARD = "reboot_pending_hard"
    REBOOT_STARTED_HARD = "reboot_started_hard"
    PAUSING = "pausing"
    UNPAUSING = "unpausing"
    SUSPENDING = "suspending"
    RESUMING = "resuming"
    POWERING_OFF = "powering-off"
    POWERING_ON = "powering-on"
    RESCUING = "rescuing"
    UNRESCUING = "unrescuing"
    REBUILDING = "rebuilding"
    REBUILD_BLOCK_DEVICE_MAPPING = "rebuild_block_device_mapping"
    REBUILD_SPAWNING = "rebuild_spawning"
    MIGRATING = "migrating"
    DELETING = "deleting"
    SOFT_DELETING = "soft-deleting"
    RESTORING = "restoring"
    SHELVING = "shelving"
    SHELVING_IMAGE_PENDING_UPLOAD = "shelving_image_pending_upload"
    SHELVING_IMAGE_UPLOADING = "shelving_image_uploading"
    SHELVING_OFFLOADING = "shelving_offloading"
    UNSHELVING = "unshelving"


POWER_STATE_NAMES = {
    PowerState.NOSTATE: "NOSTATE",
    PowerState.RUNNING: "Running",
    PowerState.PAUSED: "Paused",
    PowerState.SHUTDOWN: "Shutdown",
    PowerState.CRASHED: "Crashed",
    PowerState.SUSPENDED: "Suspended",
}

# --- API status: Nova's _STATE_MAP -----------------------------------------------------------
_REBUILD = {Task.REBUILDING: "REBUILD", Task.REBUILD_BLOCK_DEVICE_MAPPING: "REBUILD",
            Task.REBUILD_SPAWNING: "REBUILD"}
_RESIZE = {Task.RESIZE_PREP: "RESIZE", Task.RESIZE_MIGRATING: "RESIZE",
           Task.RESIZE_MIGRATED: "RESIZE", Task.RESIZE_FINISH: "RESIZE"}
STATUS_MAP = {
    ACTIVE: {
        "default": "ACTIVE",
        Task.REBOOTING: "REBOOT", Task.REBOOT_PENDING: "REBOOT", Task.REBOOT_STARTED: "REBOOT",
        Task.REBOOTING_HARD: "HARD_REBOOT", Task.REBOOT_PENDING_HARD: "HARD_REBOOT",
        Task.REBOOT_STARTED_HARD: "HARD_REBOOT", Task.UPDATING_PASSWORD: "PASSWORD",
        Task.MIGRATING: "MIGRATING", **_REBUILD, **_RESIZE,
    },
    BUILDING: {"default": "BUILD"},
    STOPPED: {"default": "SHUTOFF", **_RESIZE, **_REBUILD},
    RESIZED: {"default": "VERIFY_RESIZE", Task.RESIZE_REVERTING: "REVERT_RESIZE"},
    PAUSED: {"default": "PAUSED", Task.MIGRATING: "MIGRATING"},
    SUSPENDED: {"default": "SUSPENDED"},
    RESCUED: {"default": "RESCUE"},
    ERROR: {"default": "ERROR", **_REBUILD},
    DELETED: {"default": "DELETED"},
    SOFT_DELETED: {"default": "SOFT_DELETED"},
    SHELVED: {"default": "SHELVED"},
    SHELVED_OFFLOADED: {"default": "SHELVED_OFFLOADED"},
}


def status_from_state(vm_state, task_state=None):
    """The API status of an instance (Nova's `status_from_state`)."""
    states = STATUS_MAP.get(vm_state)
    if states is None:
        return "UNKNOWN"
    return states.get(task_state, states["default"])


def states_from_status(status):
    """The (vm_state, task_states) pairs an API status stands for; task_states None means
    'the default entry', i.e. any task_state not listed for that vm_state."""
    pairs = []
    for vm_state, table in STATUS_MAP.items():
        if table["default"] == status:
            pairs.append((vm_state, None))
        tasks = [t for t, s in table.items() if t != "default" and s == status]
        if tasks:
            pairs.append((vm_state, tasks))
    return pairs
