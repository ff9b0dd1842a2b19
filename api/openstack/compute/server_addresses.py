"""A server's addresses by network name, as the server document and /ips render them; read
from its ports (networking.instance_ports), fetched once for a whole list."""
from networking import instance_ports

_CACHE = "_cloudproject_addresses"


def prefetch(instances):
    """Load the addresses of every instance of a list in a fixed number of queries."""
    instances = list(instances)
    found = instance_ports.addresses([i.uuid for i in instances])
    for instance in instances:
        setattr(instance, _CACHE, found[instance.uuid])
    return instances


def _addresses(instance):
    cached = getattr(instance, _CACHE, None)
    if cached is None:
        cached = instance_ports.addresses([instance.uuid])[instance.uuid]
        setattr(instance, _CACHE, cached)
    return cached


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
