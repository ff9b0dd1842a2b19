"""HTTP routes of every API surface: one port, a path prefix per service."""
from django.urls import include, path

from api import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("identity", include("api.openstack.identity.urls")),
    path("compute", include("api.openstack.compute.urls")),
    path("image", include("api.openstack.image.urls")),
]
