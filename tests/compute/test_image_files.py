"""Image files on disk: kept while an instance's disk reads them, purged once unused."""
import os
import pathlib
import struct
import tempfile

from django.test import TestCase, override_settings

from compute import image_data, images, states
from compute.models import Instance
from tests.factories import make_image, make_instance


class ImageFileTests(TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        override = override_settings(IMAGES_DIR=pathlib.Path(tmp.name))
        override.enable()
        self.addCleanup(override.disable)
        self.image = make_image()

    def test_deleting_an_unused_image_removes_its_file(self):
        images.discard(self.image.id)
        self.assertFalse(os.path.exists(self.image.path))

    def test_a_file_an_instance_boots_from_stays_until_the_instance_is_gone(self):
        instance = make_instance(image=self.image)
        images.discard(self.image.id)
        image_data.purge_deleted()
        self.assertTrue(os.path.exists(self.image.path))
        Instance.objects.filter(pk=instance.pk).update(vm_state=states.DELETED)
        image_data.purge_deleted()
        self.assertFalse(os.path.exists(self.image.path))

    def test_a_kernel_file_stays_while_an_instance_boots_it(self):
        kernel = make_image(name="kernel")
        make_instance(image=make_image(name="ami", kernel_id=kernel.id))
        images.discard(kernel.id)
        self.assertTrue(os.path.exists(kernel.path))

    def test_purge_leaves_active_images_alone(self):
        image_data.purge_deleted()
        self.assertTrue(os.path.exists(self.image.path))


class VirtualSizeTests(TestCase):
    def test_qcow2_header_raw_size_and_unknown_formats(self):
        header = b"QFI\xfb" + bytes(20) + struct.pack(">Q", 5 * 2**30)
        self.assertEqual(image_data.virtual_size(header, "qcow2", 100), 5 * 2**30)
        self.assertEqual(image_data.virtual_size(b"", "raw", 100), 100)
        self.assertIsNone(image_data.virtual_size(header, "vmdk", 100))
        self.assertIsNone(image_data.virtual_size(b"not qcow2", "qcow2", 100))
