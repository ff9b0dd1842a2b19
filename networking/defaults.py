"""The networks every deployment starts with (`manage.py bootstrap`): a shared `private`
network servers join by default and an external `public` one floating IPs come from."""
from django.conf import settings

from networking import networks
from networking.models import Network

PRIVATE_NETWORK_ID = "00000000-0000-4000-8000-00000000e001"
PUBLIC_NETWORK_ID = "00000000-0000-4000-8000-00000000e002"


def ensure_default_networks(project_id):
    """Create `private` (shared, DEFAULT_NETWORK_CIDR) and `public` (external,
    PUBLIC_NETWORK_CIDR) once, owned by `project_id`; again: left as they are."""
    _ensure(PRIVATE_NETWORK_ID, "private", settings.DEFAULT_NETWORK_CIDR, project_id,
            shared=True)
    _ensure(PUBLIC_NETWORK_ID, "public", settings.PUBLIC_NETWORK_CIDR, project_id,
            external=True, network_type="flat")


def _ensure(network_id, name, cidr, project_id, network_type=None, **flags):
    if Network.objects.filter(id=network_id).exists():
        return
    network = networks.create_network(project_id=project_id, name=name,
                                      network_type=network_type, **flags)
    Network.objects.filter(pk=network.pk).update(id=network_id)
    network = Network.objects.get(id=network_id)
    networks.create_subnet(network=network, project_id=project_id, cidr=cidr,
                           name=f"{name}-subnet")
