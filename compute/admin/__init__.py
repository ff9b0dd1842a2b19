"""The operator dashboard for compute: instances and their actions, hosts, the catalog."""
from compute.admin import (  # noqa: F401  (importing registers them)
    catalog,
    hosts,
    instances,
    services,
)
