"""Who is asking: the token's user, project and roles, as every API view sees them."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    """The caller of one request (Nova's RequestContext, reduced)."""

    user_id: str
    project_id: str
    roles: tuple[str, ...] = field(default_factory=tuple)
    user_name: str = ""
    project_name: str = ""
    request_id: str = ""

    @property
    def is_admin(self):
        return "admin" in self.roles

    @property
    def can_write(self):
        """Readers only read; admins and members (and managers) may change things."""
        return self.is_admin or bool({"member", "manager"} & set(self.roles))
