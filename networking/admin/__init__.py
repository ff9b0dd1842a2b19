"""The operator dashboard for networking: one module per resource (importing registers it)."""
from networking.admin import networks, security_groups  # noqa: F401
