"""Django settings, every one from an environment variable with an embedded default."""
import os
import socket
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def env_list(name, default):
    """A comma-separated variable as a list; the default when unset."""
    value = env(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def env_floats(name, default):
    """'name=1.5,other=-1' as a dict of floats, overriding the default's entries."""
    pairs = (item.split("=", 1) for item in env_list(name, []))
    return {**default, **{key.strip(): float(value) for key, value in pairs}}


TESTING = len(sys.argv) > 1 and sys.argv[1] == "test"
# Tests keep their files apart from a running `make run` stack.
_DEFAULT_STATE = BASE_DIR / ("state/test" if TESTING else "state")
STATE_DIR = Path(env("STATE_DIR", str(_DEFAULT_STATE))).resolve()
STATE_DIR.mkdir(parents=True, exist_ok=True)
IMAGES_DIR = Path(env("IMAGES_DIR", str(STATE_DIR / "images")))
# The largest image file an upload may store (Glance's image_size_cap), in bytes.
IMAGE_SIZE_CAP = int(env("IMAGE_SIZE_CAP", str(10 * 1024**3)))
INSTANCES_DIR = Path(env("INSTANCES_DIR", str(STATE_DIR / "instances")))
LOG_DIR = Path(env("LOG_DIR", str(STATE_DIR / "logs")))

SECRET_KEY = env("SECRET_KEY") or "insecure-embedded-default-set-SECRET_KEY-in-production"
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "*").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    # The admin is discovered by cloudproject/urls.py, so workers (which never load the URL
    # conf) do not import every admin module.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_celery_results",
    "compute",
    "scheduler",
    "volumes",
    "networking",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "api.middleware.OpenStackApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "cloudproject.urls"
WSGI_APPLICATION = "cloudproject.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database():
    url = env("DATABASE_URL")
    if url and not url.startswith("sqlite"):
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    name = dj_database_url.parse(url)["NAME"] if url else str(STATE_DIR / "cloudproject.sqlite3")
    # SQLite: WAL lets readers run beside the one writer; IMMEDIATE transactions take the
    # write lock up front so two writers queue on busy_timeout instead of deadlocking.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        # A file, not :memory:, so worker processes started by integration tests share it.
        "TEST": {"NAME": str(STATE_DIR / "test-cloudproject.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = STATE_DIR / "static"
CELERY_BEAT_SCHEDULE_FILENAME = str(STATE_DIR / "celerybeat-schedule")

# The OpenStack APIs route without trailing slashes, and clients call both forms.
APPEND_SLASH = False
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.auth.ProjectScoped"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONBodyParser"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
if TESTING or env_bool("TEST_FAST_PASSWORD_HASHER"):  # a slow hash only slows tests down
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TOKEN_LIFETIME = int(env("TOKEN_LIFETIME", "3600"))
# Where clients reach the API (catalog URLs); empty: the host the client used.
PUBLIC_ENDPOINT = env("PUBLIC_ENDPOINT")
REGION_NAME = env("REGION_NAME", "RegionOne")
IDEMPOTENCY_TTL = int(env("IDEMPOTENCY_TTL", str(24 * 3600)))

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_CREATE_MISSING_QUEUES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
HEARTBEAT_INTERVAL = int(env("HEARTBEAT_INTERVAL", "10"))
CELERY_BEAT_SCHEDULE = {
    # Each host's heartbeat and power sync travel through its own queue, so "up" proves that
    # the host worker really consumes host.<name>.
    "dispatch-host-periodics": {
        "task": "compute.dispatch_host_periodics",
        "schedule": float(HEARTBEAT_INTERVAL),
        "options": {"queue": "default", "expires": HEARTBEAT_INTERVAL},
    },
    "dispatch-power-sync": {
        "task": "compute.dispatch_host_periodics",
        "schedule": float(env("POWER_SYNC_INTERVAL", "60")),
        "args": ("compute.sync_power_states",),
        "options": {"queue": "default", "expires": HEARTBEAT_INTERVAL},
    },
    "audit-allocations": {
        "task": "scheduler.audit_allocations",
        "schedule": 600.0,
        "options": {"queue": "default", "expires": 600},
    },
    "purge-idempotency-records": {
        "task": "api.purge_idempotency_records",
        "schedule": 3600.0,
        "options": {"queue": "default", "expires": 3600},
    },
    "expire-stuck-tasks": {
        "task": "compute.expire_stuck_tasks",
        "schedule": 60.0,
        "options": {"queue": "default", "expires": 60},
    },
}

# --- Compute host ---------------------------------------------------------------------------
HOST_NAME = env("HOST_NAME") or socket.gethostname()
# Hosts in no aggregate with `availability_zone` metadata are in the default zone.
DEFAULT_AVAILABILITY_ZONE = env("DEFAULT_AVAILABILITY_ZONE", "nova")
AVAILABILITY_ZONE = env("AVAILABILITY_ZONE", DEFAULT_AVAILABILITY_ZONE)
LIBVIRT_URI = env("LIBVIRT_URI", "test:///default")
LIBVIRT_DOMAIN_TYPE = env("LIBVIRT_DOMAIN_TYPE", "auto")
COMPUTE_DRIVER = env("COMPUTE_DRIVER", "compute.drivers.libvirt.LibvirtDriver")
COMPUTE_DRIVER_OPTIONS = {
    "uri": LIBVIRT_URI,
    "domain_type": LIBVIRT_DOMAIN_TYPE,
    "soft_shutdown_timeout": float(env("SOFT_SHUTDOWN_TIMEOUT", "60")),
}
RESERVED_HOST_MEMORY_MB = int(env("RESERVED_HOST_MEMORY_MB", "512"))
RESERVED_HOST_DISK_GB = int(env("RESERVED_HOST_DISK_GB", "0"))
RESERVED_HOST_CPUS = int(env("RESERVED_HOST_CPUS", "0"))
CPU_ALLOCATION_RATIO = float(env("CPU_ALLOCATION_RATIO", "4.0"))
RAM_ALLOCATION_RATIO = float(env("RAM_ALLOCATION_RATIO", "1.0"))
DISK_ALLOCATION_RATIO = float(env("DISK_ALLOCATION_RATIO", "1.0"))
SERVICE_DOWN_TIME = int(env("SERVICE_DOWN_TIME", "60"))
BUILD_TIMEOUT = int(env("BUILD_TIMEOUT", "600"))
TASK_TIMEOUT = int(env("TASK_TIMEOUT", "900"))
# Nova's reclaim_instance_interval: > 0 makes DELETE a soft delete (restorable) and the
# soft-deleted servers are reclaimed this many seconds later; 0 deletes at once.
RECLAIM_INSTANCE_INTERVAL = int(env("RECLAIM_INSTANCE_INTERVAL", "0"))
if RECLAIM_INSTANCE_INTERVAL > 0:
    CELERY_BEAT_SCHEDULE["reclaim-soft-deleted"] = {
        "task": "compute.reclaim_soft_deleted",
        "schedule": float(min(RECLAIM_INSTANCE_INTERVAL, 60)),
        "options": {"queue": "default", "expires": min(RECLAIM_INSTANCE_INTERVAL, 60)},
    }
# Nova's [api] enable_instance_password: answer create and rebuild with adminPass.
ENABLE_INSTANCE_PASSWORD = env_bool("ENABLE_INSTANCE_PASSWORD", True)

# --- Scheduler ------------------------------------------------------------------------------
SCHEDULER_DRIVER = env("SCHEDULER_DRIVER",
                       "scheduler.algorithms.filter_scheduler.FilterScheduler")
SCHEDULER_MAX_ATTEMPTS = int(env("SCHEDULER_MAX_ATTEMPTS", "3"))
# Short names (scheduler/filters/<name>.py) or dotted paths, run in this order.
SCHEDULER_ENABLED_FILTERS = env_list("SCHEDULER_ENABLED_FILTERS", [
    "compute", "availability_zone", "ram", "vcpu", "disk", "image_properties",
    "num_instances", "io_ops", "aggregate_multitenancy_isolation", "server_group_affinity",
    "server_group_anti_affinity", "same_host", "different_host"])
SCHEDULER_WEIGHERS = env_list("SCHEDULER_WEIGHERS", [
    "ram", "cpu", "disk", "num_instances", "io_ops", "soft_affinity", "soft_anti_affinity",
    "build_failure"])
# Positive spreads, negative stacks; Nova's defaults.
SCHEDULER_WEIGHER_MULTIPLIERS = env_floats("SCHEDULER_WEIGHER_MULTIPLIERS", {
    "ram": 1.0, "cpu": 1.0, "disk": 1.0, "num_instances": 0.0, "io_ops": -1.0,
    "soft_affinity": 1.0, "soft_anti_affinity": 1.0, "build_failure": 1000000.0})
SCHEDULER_HOST_SUBSET_SIZE = int(env("SCHEDULER_HOST_SUBSET_SIZE", "1"))
SCHEDULER_MAX_INSTANCES_PER_HOST = int(env("SCHEDULER_MAX_INSTANCES_PER_HOST", "50"))
SCHEDULER_MAX_IO_OPS_PER_HOST = int(env("SCHEDULER_MAX_IO_OPS_PER_HOST", "8"))
# How much of each run a decision record keeps: top weighed hosts and alternates, and
# rejected hosts listed per filter (the counts are always complete).
SCHEDULER_DECISION_HOSTS = int(env("SCHEDULER_DECISION_HOSTS", "5"))
SCHEDULER_DECISION_MAX_REJECTED = int(env("SCHEDULER_DECISION_MAX_REJECTED", "10"))
# The filter scheduler runs its filters and weighers inside the database (scheduler/sql.py)
# and takes only the heaviest SCHEDULER_CANDIDATES hosts into its claim loop, once the cloud
# has SCHEDULER_IN_DATABASE_MIN_HOSTS hosts (below, loading every host is quicker; both
# decide the same).
SCHEDULER_IN_DATABASE = env_bool("SCHEDULER_IN_DATABASE", True)
SCHEDULER_IN_DATABASE_MIN_HOSTS = int(env("SCHEDULER_IN_DATABASE_MIN_HOSTS", "500"))
SCHEDULER_CANDIDATES = int(env("SCHEDULER_CANDIDATES", "20"))

# --- Quotas (Nova's defaults; -1 is unlimited) -----------------------------------------------
# What a project may use unless an admin sets its own limits or the 'default' quota class.
QUOTA_INSTANCES = int(env("QUOTA_INSTANCES", "10"))
QUOTA_CORES = int(env("QUOTA_CORES", "20"))
QUOTA_RAM = int(env("QUOTA_RAM", "51200"))
QUOTA_KEY_PAIRS = int(env("QUOTA_KEY_PAIRS", "100"))
QUOTA_SERVER_GROUPS = int(env("QUOTA_SERVER_GROUPS", "10"))
QUOTA_SERVER_GROUP_MEMBERS = int(env("QUOTA_SERVER_GROUP_MEMBERS", "10"))
QUOTA_METADATA_ITEMS = int(env("QUOTA_METADATA_ITEMS", "128"))
QUOTA_INJECTED_FILES = int(env("QUOTA_INJECTED_FILES", "5"))
QUOTA_INJECTED_FILE_CONTENT_BYTES = int(env("QUOTA_INJECTED_FILE_CONTENT_BYTES", "10240"))
QUOTA_INJECTED_FILE_PATH_BYTES = int(env("QUOTA_INJECTED_FILE_PATH_BYTES", "255"))

# --- Networking ------------------------------------------------------------------------------
# Segmentation of project networks (vxlan or vlan; flat/local for provider networks) and the
# networks `manage.py bootstrap` creates: a shared one servers join by default, and an external
# one floating IPs come from.
TENANT_NETWORK_TYPE = env("TENANT_NETWORK_TYPE", "vxlan")
DEFAULT_NETWORK_CIDR = env("DEFAULT_NETWORK_CIDR", "10.0.0.0/16")
PUBLIC_NETWORK_CIDR = env("PUBLIC_NETWORK_CIDR", "172.24.4.0/24")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
