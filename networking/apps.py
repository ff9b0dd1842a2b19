"""Django app configuration for networking: networks, ports, host plumbing (later issue)."""
from django.apps import AppConfig


class NetworkingConfig(AppConfig):
    name = "networking"
    default_auto_field = "django.db.models.BigAutoField"
