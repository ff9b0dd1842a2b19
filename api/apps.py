"""Django app configuration for api: every HTTP surface."""
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from api import tasks  # noqa: F401 - register tasks in every process
