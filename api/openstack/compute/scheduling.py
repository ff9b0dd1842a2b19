"""The scheduler explained, beyond Nova: a server's scheduling decisions (admins read the
full record, project members a summary naming no host), a dry-run placement of a
server-create body, and how many more instances of a flavor fit in each zone."""
from django.urls import re_path

from api import schemas
from api.errors import BadRequest, NotFound
from api.openstack.compute import lookups
from api.openstack.compute.links import isotime
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from scheduler import services

DRY_RUN = {
    "type": "object",
    "properties": {
        "server": {"type": "object", "properties": {
            "flavorRef": {"type": ["string", "integer"], "minLength": 1},
            "imageRef": {"type": "string"},
            "availability_zone": {"type": "string", "maxLength": 255}},
            "required": ["flavorRef"]},
        "os:scheduler_hints": {"type": "object"},
        "OS-SCH-HNT:scheduler_hints": {"type": "object"},
    },
    "required": ["server"], "additionalProperties": False,
}


def render_decision(decision, is_admin):
    """One decision: for admins everything, hosts included; for members the outcome, the
    summary and each filter's counts and reason."""
    body = {"id": decision.pk, "attempt": decision.attempt,
            "created_at": isotime(decision.created_at), "outcome": decision.outcome,
            "summary": decision.summary_for(is_admin),
            "candidate_count": decision.candidate_count}
    if not is_admin:
        body["filters"] = [{key: entry[key] for key in ("filter", "in", "out", "reason")}
                           for entry in decision.filters]
        return body
    body.update(algorithm=decision.algorithm, request=decision.request,
                filters=decision.filters, weights=decision.weights,
                chosen_host=decision.chosen_host or None, alternates=decision.alternates,
                claim_failed=decision.claim_failed, duration_ms=decision.duration_ms)
    return body


def scheduler_hints(data):
    """Nova's os:scheduler_hints (or its old OS-SCH-HNT: name) of a create body."""
    return data.get("os:scheduler_hints") or data.get("OS-SCH-HNT:scheduler_hints") or {}


def _flavor(context, ref):
    flavor = lookups.flavors_for(context).filter(flavorid=lookups.ref_id(ref)).first()
    if flavor is None:
        raise NotFound(f"Flavor {ref} could not be found.")
    return flavor


def _image(context, server):
    if not server.get("imageRef"):
        return None
    image = lookups.visible_images(context).filter(id=lookups.ref_id(server["imageRef"]))
    if not image.exists():
        raise BadRequest("Can not find requested image")
    return image.first()


class SchedulingDecisionList(OpenStackView):
    """GET /servers/{id}/scheduling-decisions, newest first."""

    def get(self, request, server_id):
        context = self.context
        instance = lookups.server(context, server_id)
        decisions = instance.scheduling_decisions.order_by("-created_at", "-id")
        return ok({"scheduling_decisions": [render_decision(d, context.is_admin)
                                            for d in decisions]})


class DryRun(OpenStackView):
    """POST /scheduling/dry-run: where a server-create body would land, or why not."""

    request_schemas = {"post": DRY_RUN}

    def post(self, request):
        data = schemas.validate(request.data, DRY_RUN)
        context, server = self.context, data["server"]
        flavor = _flavor(context, server["flavorRef"])
        zone = server.get("availability_zone", "")
        result = services.dry_run(flavor, _image(context, server), zone,
                                  scheduler_hints(data), project_id=context.project_id)
        placement = {"fits": result.host is not None,
                     "availability_zone": result.availability_zone or zone or None,
                     "reason": result.reason}
        if context.is_admin:
            placement.update(host=result.host, alternates=result.alternates)
        return ok({"placement": placement, "capacity": services.capacity_by_zone(flavor)})


class Capacity(OpenStackView):
    """GET /scheduling/capacity?flavor=<id>: more instances of the flavor that fit, per zone."""

    def get(self, request):
        ref = request.GET.get("flavor")
        if not ref:
            raise BadRequest("The flavor query parameter is required.")
        flavor = _flavor(self.context, ref)
        return ok({"flavor": flavor.flavorid, "capacity": services.capacity_by_zone(flavor)})


routes = [
    re_path(rf"{V21}/servers/(?P<server_id>[^/]+)/scheduling-decisions/?$",
            SchedulingDecisionList.as_view()),
    re_path(rf"{V21}/scheduling/dry-run/?$", DryRun.as_view()),
    re_path(rf"{V21}/scheduling/capacity/?$", Capacity.as_view()),
]
