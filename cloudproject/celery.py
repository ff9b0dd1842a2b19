"""The Celery application: configuration from Django settings, periodic schedule, signals."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudproject.settings")

app = Celery("cloudproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

