"""cloudproject: a compute cloud controller; importing the package loads the Celery app."""
from cloudproject.celery import app as celery_app

__all__ = ("celery_app",)
