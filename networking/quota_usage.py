"""What a project holds against its network quotas (shown by /limits and quota details)."""
from networking.models import FloatingIP, SecurityGroup, SecurityGroupRule


def usage(project_id):
    """{floating_ips, security_groups, security_group_rules}: the project's own counts. Its
    default group and that group's rules count, as in Neutron (they exist once used)."""
    return {
        "floating_ips": FloatingIP.objects.filter(project_id=project_id).count(),
        "security_groups": SecurityGroup.objects.filter(project_id=project_id).count(),
        "security_group_rules":
            SecurityGroupRule.objects.filter(project_id=project_id).count(),
    }
