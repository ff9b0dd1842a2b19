"""The os-getConsoleOutput server action: answers at once (200) with the console tail last
captured on the host and asks the host for a fresh capture; it never waits on the host."""
import re

from api import schemas
from api.errors import BadRequest, Conflict
from api.views import ok
from compute import consoles, states

ARGUMENT = {"type": "object", "additionalProperties": False, "properties": {
    "length": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$",
               "minimum": -1}}}
# Nova strips control characters except tab and newline (so carriage returns go too)
_UNPRINTABLE = re.compile("[\x00-\x08\x0B-\x1F]")


def _length(arg):
    if not isinstance(arg, dict):
        raise BadRequest("Invalid input for field/attribute os-getConsoleOutput. Value: None. "
                         "None is not of type 'object'")
    value = schemas.validate(arg, ARGUMENT).get("length")
    if value is None:
        return None
    if int(value) < -1:
        raise BadRequest(f"Invalid input for field/attribute length. Value: {value}. "
                         f"{value} is less than the minimum of -1")
    return int(value)


def get_console_output(view, instance, arg, common):
    """{"output": the last `length` lines} (all when length is absent, null or -1)."""
    length = _length(arg)
    if instance.host_id is None:
        raise Conflict(str(states.InstanceNotReady(instance.uuid)))
    consoles.request_capture(instance)
    output = consoles.tail(instance.console_tail, length)
    return ok({"output": _UNPRINTABLE.sub("", output)})
