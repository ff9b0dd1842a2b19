"""Scheduler hints a boot may carry (Nova's os:scheduler_hints): checked before any row is
written, then kept per instance so that every scheduling attempt reads the same ones."""
from scheduler.models import PlacementRequest, ServerGroup

# Hints whose value is a list of instance uuids; a single uuid is accepted as a list of one.
UUID_LIST_HINTS = ("same_host", "different_host")


class InvalidHints(ValueError):
    """The hints cannot be honoured as given (HTTP 400)."""


def validate(hints, project_id):
    """(normalised hints, the ServerGroup named by the `group` hint or None). Unknown hints
    are kept, as Nova keeps them. Raises InvalidHints."""
    hints = dict(hints or {})
    for key in UUID_LIST_HINTS:
        if key in hints:
            hints[key] = _uuid_list(key, hints[key])
    group = None
    if "group" in hints:
        group = ServerGroup.objects.filter(uuid=str(hints["group"]),
                                           project_id=project_id).first()
        if group is None:
            raise InvalidHints(f"Server group {hints['group']} could not be found.")
    return hints, group


def _uuid_list(key, value):
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise InvalidHints(f"Scheduler hint {key} must be an instance uuid or a list of them.")
    return list(values)


def record(instance, hints, group=None):
    """Keep the hints of `instance` for the scheduler; nothing to keep, no row."""
    if hints or group is not None:
        PlacementRequest.objects.create(instance=instance, hints=hints or {}, group=group)
