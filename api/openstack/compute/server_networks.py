"""The `networks` of a server create body (Nova's requested networks): checked here, turned
into NicRequests for networking.instance_ports, refusals in Nova's codes."""
import ipaddress
import uuid as uuidlib

from api.errors import BadRequest, Conflict
from networking import errors, instance_ports

_KEYS = {"uuid", "port", "fixed_ip", "tag"}


def requested(body, context, count):
    """The checked NICs of a create body: [] for "none", the project's one network when
    omitted or "auto", else one NicRequest per entry (400/409 as Nova answers)."""
    networks = body.get("networks")
    if isinstance(networks, str) and networks not in ("auto", "none"):
        raise BadRequest(f"Invalid input for field/attribute networks. Value: {networks}. "
                         f"'{networks}' is not one of ['auto', 'none']")
    if networks == []:
        networks = None
    if isinstance(networks, list):
        networks = [_nic(entry) for entry in networks]
    try:
        return instance_ports.check(networks, context.project_id, context.is_admin, count)
    except (errors.Conflict, errors.PortNotFound) as exc:
        if isinstance(exc, errors.PortNotFound):
            raise BadRequest(exc.message) from None
        raise Conflict(exc.message) from None
    except errors.NetworkingError as exc:  # unknown network, bad address, no subnet
        raise BadRequest(exc.message) from None


def _nic(entry):
    if not isinstance(entry, dict):
        raise BadRequest(f"Invalid input for field/attribute networks. Value: {entry}. "
                         f"{entry!r} is not of type 'object'")
    unknown = set(entry) - _KEYS
    if unknown:
        raise BadRequest(f"Invalid input for field/attribute networks. Additional properties "
                         f"are not allowed ({', '.join(sorted(map(repr, unknown)))} "
                         f"was unexpected)")
    port = entry.get("port")
    if port:
        _uuid(port, "port")
        return instance_ports.NicRequest(port_id=str(port))
    net_id = entry.get("uuid")
    if not net_id:
        raise BadRequest("Bad networks format: network uuid is not in proper format ()")
    _uuid(net_id, "network")
    fixed_ip = entry.get("fixed_ip")
    if fixed_ip:
        try:
            fixed_ip = str(ipaddress.ip_address(fixed_ip))
        except ValueError:
            raise BadRequest(f"Invalid input for field/attribute fixed_ip. Value: {fixed_ip}. "
                             f"'{fixed_ip}' is not a 'ipv4'") from None
    return instance_ports.NicRequest(network_id=str(net_id), fixed_ip=fixed_ip or "")


def _uuid(value, what):
    try:
        uuidlib.UUID(str(value))
    except ValueError:
        if what == "port":
            raise BadRequest(f"Invalid input for field/attribute port. Value: {value}. "
                             f"'{value}' is not a 'uuid'") from None
        raise BadRequest(f"Bad networks format: network uuid is not in proper format "
                         f"({value})") from None
