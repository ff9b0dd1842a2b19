"""Django app configuration for scheduler: host selection and capacity claims."""
from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from scheduler import tasks  # noqa: F401 - register tasks in every process
