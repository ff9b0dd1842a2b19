"""What networking services refuse, named as Neutron names its faults (the type), with the
HTTP status each maps to; the Neutron and Nova APIs render them in their own shapes."""


class NetworkingError(Exception):
    """Base: `status` is the HTTP code, `type` Neutron's fault name."""

    status = 400
    type = "BadRequest"

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class InvalidInput(NetworkingError):
    type = "InvalidInput"


class InvalidIpForSubnet(NetworkingError):
    type = "InvalidIpForSubnet"


class InvalidIpForNetwork(NetworkingError):
    type = "InvalidIpForNetwork"


class NotFound(NetworkingError):
    status, type = 404, "NotFound"


class NetworkNotFound(NotFound):
    type = "NetworkNotFound"


class SubnetNotFound(NotFound):
    type = "SubnetNotFound"


class PortNotFound(NotFound):
    type = "PortNotFound"


class FloatingIPNotFound(NotFound):
    type = "FloatingIPNotFound"


class Conflict(NetworkingError):
    status, type = 409, "Conflict"


class IpAddressAlreadyAllocated(Conflict):
    type = "IpAddressAlreadyAllocated"


class IpAddressGenerationFailure(Conflict):
    type = "IpAddressGenerationFailure"


class NetworkInUse(Conflict):
    type = "NetworkInUse"


class SubnetInUse(Conflict):
    type = "SubnetInUse"


class PortInUse(Conflict):
    type = "PortInUse"


class NetworkAmbiguous(Conflict):
    type = "NetworkAmbiguous"


class FloatingIPPortAlreadyAssociated(Conflict):
    type = "FloatingIPPortAlreadyAssociated"


class Forbidden(NetworkingError):
    status, type = 403, "PolicyNotAuthorized"


class OverQuota(Conflict):
    type = "OverQuota"


class FloatingIPPoolNotFound(NotFound):
    type = "ExternalNetworkNotFound"


class NotAssociated(Conflict):
    """removeFloatingIp on an instance the address is not mapped to."""

    type = "FloatingIPNotAssociated"
