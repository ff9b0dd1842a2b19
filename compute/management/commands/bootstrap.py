"""`manage.py bootstrap`: the admin user, Nova's default flavors and a demo image."""
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
        self.ensure_admin()
        for flavorid, name, vcpus, ram, disk in DEFAULT_FLAVORS:
            Flavor.objects.get_or_create(flavorid=flavorid, defaults={
                "name": name, "vcpus": vcpus, "memory_mb": ram, "root_gb": disk})
        self.ensure_demo_image()

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
