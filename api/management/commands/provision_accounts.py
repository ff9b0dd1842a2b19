"""`manage.py provision_accounts FILE`: projects, users and roles from a Tempest accounts.yaml."""
import yaml
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from api.models import Project, Role, RoleAssignment


class Command(BaseCommand):
    help = "Create (or update) the users, projects and role assignments an accounts file lists."

    def add_arguments(self, parser):
        parser.add_argument("accounts_file")

    def handle(self, accounts_file, **options):
        with open(accounts_file) as f:
            accounts = yaml.safe_load(f) or []
        for account in accounts:
            project, _ = Project.objects.get_or_create(name=account["project_name"])
            user, _ = get_user_model().objects.get_or_create(username=account["username"])
            user.set_password(account["password"])
            user.save()
            for name in account.get("roles") or []:
                role, _ = Role.objects.get_or_create(name=name)
                RoleAssignment.objects.get_or_create(user=user, project=project, role=role)
        self.stdout.write(f"provisioned {len(accounts)} accounts")
