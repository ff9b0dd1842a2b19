"""`manage.py bootstrap`: the admin user, Nova's default flavors, a demo image and the
default networks."""
import os
import secrets
import subprocess

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from compute.models import Flavor, Image

# Nova's historical default flavors: (id, name, vcpus, ram MB, root GB)
DEFAULT_FLAVORS = [
    ("1", "m1.tiny", 1, 512, 1),
    ("2", "m1.small", 1, 2048, 20),
    ("3", "m1.medium", 2, 4096, 40),
    ("4", "m1.large", 4, 8192, 80),
    ("5", "m1.xlarge", 8, 16384, 160),
]
DEMO_IMAGE_ID = "00000000-0000-4000-8000-00000000d3e0"


class Command(BaseCommand):
    help = "Create the admin user, default flavors and a demo image (idempotent)."

    def handle(self, *args, **options):
        admin = self.ensure_admin()
        demo_password = self.ensure_identity(admin)
        self.write_clouds_yaml(demo_password)
        for flavorid, name, vcpus, ram, disk in DEFAULT_FLAVORS:
            Flavor.objects.get_or_create(flavorid=flavorid, defaults={
                "name": name, "vcpus": vcpus, "memory_mb": ram, "root_gb": disk})
        self.ensure_demo_image()
        self.ensure_networks()

    def ensure_admin(self):
        """User `admin`; its password is ADMIN_PASSWORD, else generated once and kept in
        STATE_DIR/admin-password (mode 600) and printed."""
        password_file = settings.STATE_DIR / "admin-password"
        password = os.environ.get("ADMIN_PASSWORD")
        if not password and password_file.exists():
            password = password_file.read_text().strip()
        if not password:
            password = secrets.token_urlsafe(12)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            self.stdout.write(f"Generated admin password (kept in {password_file}): {password}")
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True})
        if not user.check_password(password):
            user.set_password(password)
        user.is_staff = user.is_superuser = True
        user.save()
        self.admin_password = password
        return user

    def ensure_identity(self, admin):
        """Roles, projects `admin` and `demo`, admin's roles, and user `demo` (member)."""
        from api.models import Project, Role, RoleAssignment

        roles = {name: Role.objects.get_or_create(name=name)[0]
                 for name in ("admin", "member", "reader", "manager", "service")}
        admin_project, _ = Project.objects.get_or_create(
            name="admin", defaults={"description": "operators"})
        demo_project, _ = Project.objects.get_or_create(
            name="demo", defaults={"description": "a project to try things in"})
        for name in ("admin", "member", "reader"):
            RoleAssignment.objects.get_or_create(user=admin, project=admin_project,
                                                 role=roles[name])
        demo_file = settings.STATE_DIR / "demo-password"
        if demo_file.exists():
            demo_password = demo_file.read_text().strip()
        else:
            demo_password = secrets.token_urlsafe(12)
            demo_file.write_text(demo_password + "\n")
            demo_file.chmod(0o600)
        demo, created = get_user_model().objects.get_or_create(username="demo")
        if created or not demo.check_password(demo_password):
            demo.set_password(demo_password)
            demo.save()
        for name in ("member", "reader"):
            RoleAssignment.objects.get_or_create(user=demo, project=demo_project,
                                                 role=roles[name])
        return demo_password

    def write_clouds_yaml(self, demo_password):
        """clouds.yaml in the working directory (and STATE_DIR): clouds `cloudproject`
        (admin) and `cloudproject-demo` (member of project demo)."""
        import yaml

        port = os.environ.get("PORT", "8000")
        host = os.environ.get("BIND_ADDRESS", "127.0.0.1")
        auth_url = os.environ.get("PUBLIC_ENDPOINT") or f"http://{host}:{port}"

        def cloud(user, password, project):
            return {"auth": {"auth_url": f"{auth_url.rstrip('/')}/identity",
                             "username": user, "password": password,
                             "project_name": project, "user_domain_name": "Default",
                             "project_domain_name": "Default"},
                    "region_name": settings.REGION_NAME, "interface": "public",
                    "identity_api_version": 3}

        doc = {"clouds": {"cloudproject": cloud("admin", self.admin_password, "admin"),
                          "cloudproject-demo": cloud("demo", demo_password, "demo")}}
        text = yaml.safe_dump(doc, sort_keys=False)
        paths = [settings.STATE_DIR / "clouds.yaml"]
        if settings.STATE_DIR == (settings.BASE_DIR / "state").resolve():
            # the default stack: the openstack CLI finds ./clouds.yaml in the checkout
            paths.append(settings.BASE_DIR / "clouds.yaml")
        for path in paths:
            path.write_text(text)
            path.chmod(0o600)
        self.stdout.write(f"Wrote {', '.join(map(str, paths))}: "
                          f"export OS_CLIENT_CONFIG_FILE={paths[0]} OS_CLOUD=cloudproject")

    def ensure_networks(self):
        """The shared `private` network and the external `public` one (networking.defaults),
        owned by project admin."""
        from api.models import Project
        from networking import defaults

        defaults.ensure_default_networks(Project.objects.get(name="admin").id)

    def ensure_demo_image(self):
        """A 1 GiB blank qcow2 disk: enough for libvirt's test driver and a blank VM."""
        image, _ = Image.objects.get_or_create(id=DEMO_IMAGE_ID, defaults={
            "name": "demo-blank-1G", "disk_format": "qcow2", "container_format": "bare",
            "visibility": "public", "owner": "admin", "properties": {
                "description": "blank 1 GiB disk for trying the lifecycle"}})
        if not os.path.exists(image.path):
            os.makedirs(settings.IMAGES_DIR, exist_ok=True)
            subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", image.path, "1G"],
                           check=True)
        Image.objects.filter(pk=image.pk).update(
            status="active", size=os.path.getsize(image.path), virtual_size=2**30)
