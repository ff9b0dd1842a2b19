"""Finding the objects a compute request names, with tenancy: what you can't see is a 404."""
from django.db.models import Q

from api.errors import NotFound
from compute import images, states
from compute.models import Flavor, Instance


def servers_for(context, all_tenants=False):
    """Live instances the caller may see: its project's, or everyone's for admins asking so."""
    qs = Instance.objects.select_related("host", "flavor").exclude(vm_state=states.DELETED)
    if context.is_admin and all_tenants:
        return qs
    return qs.filter(project_id=context.project_id)


def server(context, server_id, include_deleted=False):
    """The caller's live instance `server_id` (admins: anyone's), else 404; with
    `include_deleted`, a deleted one too."""
    qs = Instance.objects.select_related("host", "flavor", "image")
    if not include_deleted:
        qs = qs.exclude(vm_state=states.DELETED)
    if not context.is_admin:
        qs = qs.filter(project_id=context.project_id)
    instance = qs.filter(uuid=server_id).first()
    if instance is None:
        raise NotFound(f"Instance {server_id} could not be found.")
    return instance


def visible_images(context):
    """Live images a project may boot: public, community or its own (Glance's read rule)."""
    return images.readable(context.project_id, context.is_admin)


def flavors_for(context):
    """Public flavors plus private ones the project was given access to (admins: all)."""
    if context.is_admin:
        return Flavor.objects.all()
    return Flavor.objects.filter(Q(is_public=True) | Q(access__project_id=context.project_id)
                                 ).distinct()


def ref_id(ref):
    """An id from an id-or-URL reference (flavorRef/imageRef may be links)."""
    return str(ref).rstrip("/").rsplit("/", 1)[-1]
