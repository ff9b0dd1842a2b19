"""HTTP routes of every API surface: one port, a path prefix per service."""
from django.urls import include, path

from api import health, openapi_view

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("openapi.json", openapi_view.OpenApiDocument.as_view(), name="openapi"),
    path("identity", include("api.openstack.identity.urls")),
    path("compute", include("api.openstack.compute.urls")),
    path("image", include("api.openstack.image.urls")),
    path("network", include("api.openstack.network.urls")),
]
