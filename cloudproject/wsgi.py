"""WSGI entry point for gunicorn."""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudproject.settings")
application = get_wsgi_application()
from cloudproject import urls  # noqa: E402, F401  (every view imported now, not on a request)

# Everything loaded so far lives as long as the process: keep it out of the collector, whose
# full collections would otherwise walk it again and again (tens of ms under a large list);
# with --preload, forked workers share these pages instead of copying them.
gc.collect()
gc.freeze()
