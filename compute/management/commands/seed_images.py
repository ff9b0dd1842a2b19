"""`manage.py seed_images ID [ID ...]`: blank active qcow2 images with the given ids (the
image_ref/image_ref_alt a conformance run names)."""
import os
import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand

from compute.models import Image


class Command(BaseCommand):
    help = "Create blank 64 MiB qcow2 images with fixed ids, public and active."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+")

    def handle(self, ids, **options):
        os.makedirs(settings.IMAGES_DIR, exist_ok=True)
        for index, image_id in enumerate(ids):
            image, _ = Image.objects.get_or_create(id=image_id, defaults={
                "name": f"conformance-{index}", "visibility": "public", "owner": "admin"})
            if not os.path.exists(image.path):
                subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", image.path, "64M"],
                               check=True)
            Image.objects.filter(pk=image.pk).update(
                status="active", disk_format="qcow2", container_format="bare",
                size=os.path.getsize(image.path), virtual_size=64 * 2**20)
        self.stdout.write(f"seeded {len(ids)} images")
