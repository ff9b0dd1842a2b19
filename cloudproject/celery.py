"""The Celery application: configuration from Django settings, periodic schedule, signals."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudproject.settings")
# Django's system checks run with `manage.py check`/`migrate`; run at every worker start they
# import the whole URL conf (every API module) into processes that serve no HTTP.
os.environ.setdefault("CELERY_SKIP_CHECKS", "1")

app = Celery("cloudproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

