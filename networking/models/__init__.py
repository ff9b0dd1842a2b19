"""Records of the networking app: one module per concern, re-exported here for Django."""
from networking.models.floating_ips import FloatingIP  # noqa: F401
from networking.models.networks import FixedIP, Network, Port, Subnet  # noqa: F401
from networking.models.security_groups import SecurityGroup, SecurityGroupRule  # noqa: F401
