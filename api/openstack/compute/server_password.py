"""/servers/{id}/os-server-password: the encrypted password the guest posted ('' if none);
DELETE forgets it (the guest's password itself is unchanged)."""
from django.urls import re_path

from api.openstack.compute import lookups
from api.openstack.compute.routing import V21
from api.views import OpenStackView, ok
from compute import metadata


class ServerPassword(OpenStackView):
    """GET and DELETE /servers/{id}/os-server-password."""

    def get(self, request, server_id):
        instance = lookups.server(self.context, server_id)
        return ok({"password": instance.encrypted_password or ""})

    def delete(self, request, server_id):
        metadata.clear_password(lookups.server(self.context, server_id))
        return ok(None, status=204)


routes = [
    re_path(rf"{V21}/servers/(?P<server_id>[^/]+)/os-server-password/?$",
            ServerPassword.as_view()),
]
