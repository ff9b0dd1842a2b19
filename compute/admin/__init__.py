"""The operator dashboard for compute: instances and their actions, hosts, the catalog."""
from compute.admin import catalog, hosts, instances  # noqa: F401  (importing registers them)
