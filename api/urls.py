"""HTTP routes of every API surface."""
from django.urls import path

from api import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
]
