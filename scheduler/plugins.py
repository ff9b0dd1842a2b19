"""Finding the policies named in settings: a short name ("ram") is the class in
scheduler/<kind>/<name>.py (RamFilter, RamWeigher); anything with a dot is a dotted path."""
from functools import cache

from django.utils.module_loading import import_string

_SUFFIX = {"filters": "Filter", "weighers": "Weigher"}


@cache
def policy_class(kind, name):
    """The class `name` stands for among `kind` ("filters" or "weighers")."""
    if "." in name:
        return import_string(name)
    camel = "".join(part.capitalize() for part in name.split("_"))
    return import_string(f"scheduler.{kind}.{name}.{camel}{_SUFFIX[kind]}")


def filters(names):
    """Fresh instances of the filters named, in order."""
    return [policy_class("filters", name)() for name in names]


def weighers(names):
    """Fresh instances of the weighers named, in order."""
    return [policy_class("weighers", name)() for name in names]
