"""A server's addresses by network name, as the server document and /ips render them; read
from its ports (networking.instance_ports), fetched once for a whole list."""
from api.openstack.compute.page_loads import PageLoad
from networking import instance_ports

# uuid → {network name: entries}, in a fixed number of queries for a whole list
ADDRESSES = PageLoad("_cloudproject_addresses", instance_ports.addresses)
_addresses = ADDRESSES.of


def extended(instance):
    """The server document's `addresses`: with Nova's OS-EXT-IPS type and MAC."""
    return {name: [{"version": e["version"], "addr": e["addr"], "OS-EXT-IPS:type": e["type"],
                    "OS-EXT-IPS-MAC:mac_addr": e["mac"]} for e in entries]
            for name, entries in _addresses(instance).items()}


def plain(instance):
    """`addresses` of /ips and of the update answer: version and addr only."""
    return {name: [{"version": e["version"], "addr": e["addr"]} for e in entries]
            for name, entries in _addresses(instance).items()}


def filter_by_ip(qs, query):
    """Nova's `ip` and `ip6` server filters: a regular expression on the fixed addresses."""
    if query.get("ip"):
        qs = qs.filter(uuid__in=instance_ports.instances_with_ip(query["ip"], 4))
    if query.get("ip6"):
        qs = qs.filter(uuid__in=instance_ports.instances_with_ip(query["ip6"], 6))
    return qs
