"""Flavor management (Nova's flavor-manage, extra specs and flavor access): create and
delete flavors under Nova's rules, change their extra specs and who may use private ones."""
import uuid

from django.db import IntegrityError, transaction

from compute.models import Flavor, FlavorAccess

MAX_INT = 0x7FFFFFFF
MAX_FLOAT = 3.40282e38  # the largest single-precision float a flavor column holds in Nova


class InvalidFlavor(ValueError):
    """A size or factor Nova refuses (HTTP 400)."""


class FlavorConflict(Exception):
    """A flavor with that name or id exists, or the access is already granted (HTTP 409)."""


class NotFound(Exception):
    """No such extra spec or access grant (HTTP 404)."""


def _integer(value, name, minimum):
    try:
        number = int(str(value))
    except ValueError:
        raise InvalidFlavor(f"Invalid input received: {name} must be an integer") from None
    if number < minimum:
        raise InvalidFlavor(f"Invalid input received: {name} must be >= {minimum}")
    if number > MAX_INT:
        raise InvalidFlavor(f"Invalid input received: {name} must be <= {MAX_INT}")
    return number


def _factor(value):
    try:
        factor = float(value)
    except ValueError:
        factor = 0.0
    if not 0 < factor <= MAX_FLOAT:
        raise InvalidFlavor("Invalid input received: 'rxtx_factor' argument must be a float "
                            f"between 0 and {MAX_FLOAT:g}")
    return factor


def create_flavor(*, name, ram, vcpus, disk, flavorid=None, ephemeral=0, swap=0,
                  rxtx_factor=1.0, is_public=True, description=""):
    """A new flavor; `flavorid` None or empty gets a generated uuid. Raises InvalidFlavor for
    sizes Nova refuses (ram, vcpus >= 1; disk, ephemeral, swap >= 0) and FlavorConflict when
    the id or the name is taken."""
    flavorid = str(flavorid) if flavorid not in (None, "") else str(uuid.uuid4())
    name = name.strip()
    fields = {
        "memory_mb": _integer(ram, "ram", 1), "vcpus": _integer(vcpus, "vcpus", 1),
        "root_gb": _integer(disk, "disk", 0), "ephemeral_gb": _integer(ephemeral, "ephemeral", 0),
        "swap": _integer(swap, "swap", 0), "rxtx_factor": _factor(rxtx_factor),
    }
    _check_unique(name, flavorid)
    try:
        with transaction.atomic():
            return Flavor.objects.create(name=name, flavorid=flavorid, is_public=is_public,
                                         description=description or "", **fields)
    except IntegrityError:  # a concurrent create took the name or id
        _check_unique(name, flavorid)
        raise


def _check_unique(name, flavorid):
    if Flavor.objects.filter(flavorid=flavorid).exists():
        raise FlavorConflict(f"Flavor with ID {flavorid} already exists.")
    if Flavor.objects.filter(name=name).exists():
        raise FlavorConflict(f"Flavor with name {name} already exists.")


def delete_flavor(flavor):
    """Remove the flavor; instances keep the sizes copied at boot."""
    flavor.delete()


def update_description(flavor, description):
    """Set the description (the one field Nova lets change, from 2.55)."""
    Flavor.objects.filter(pk=flavor.pk).update(description=description or "")
    flavor.refresh_from_db()
    return flavor


def set_extra_specs(flavor, specs):
    """Add or replace extra specs; values are stored as strings, as Nova stores them."""
    with transaction.atomic():
        locked = Flavor.objects.select_for_update().get(pk=flavor.pk)
        locked.extra_specs = {**locked.extra_specs,
                              **{key: str(value) for key, value in specs.items()}}
        locked.save(update_fields=["extra_specs"])
    return locked.extra_specs


def delete_extra_spec(flavor, key):
    """Remove one extra spec; NotFound when the flavor has no such key."""
    with transaction.atomic():
        locked = Flavor.objects.select_for_update().get(pk=flavor.pk)
        if key not in locked.extra_specs:
            raise NotFound(f"Flavor {flavor.flavorid} has no extra specs with key {key}.")
        del locked.extra_specs[key]
        locked.save(update_fields=["extra_specs"])


def add_access(flavor, project_id):
    """Let `project_id` use the (private) flavor; FlavorConflict when it already may."""
    try:
        with transaction.atomic():
            FlavorAccess.objects.create(flavor=flavor, project_id=project_id)
    except IntegrityError:
        raise FlavorConflict(f"Flavor access already exists for flavor {flavor.flavorid} and "
                             f"project {project_id} combination.") from None


def remove_access(flavor, project_id):
    """Withdraw the project's access; NotFound when it had none."""
    deleted, _ = FlavorAccess.objects.filter(flavor=flavor, project_id=project_id).delete()
    if not deleted:
        raise NotFound(f"Flavor access not found for {flavor.flavorid} / {project_id} "
                       "combination.")


def access_list(flavor):
    """The projects allowed to use the flavor, in the order they were added."""
    return list(flavor.access.order_by("id").values_list("project_id", flat=True))
