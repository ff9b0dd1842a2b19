"""Glance v2 /images/{id}/file: streamed upload with checksums, download, refusals."""
import hashlib
import os
import subprocess

from django.test import override_settings

from compute import image_data
from tests.api.glance_case import V2, GlanceTestCase

DATA = bytes(range(256)) * 1000  # 256000 bytes, several chunks


class UploadTests(GlanceTestCase):
    def test_round_trip_keeps_the_bytes_and_records_their_checksums(self):
        doc = self.created()
        response = self.upload(doc["id"], DATA)
        self.assertEqual(response.status_code, 204, response.content)
        image = self.call("GET", f"{V2}/images/{doc['id']}").json()
        self.assertEqual((image["status"], image["size"], image["virtual_size"]),
                         ("active", len(DATA), len(DATA)))
        self.assertEqual(image["checksum"], hashlib.md5(DATA).hexdigest())
        self.assertEqual(image["os_hash_algo"], "sha512")
        self.assertEqual(image["os_hash_value"], hashlib.sha512(DATA).hexdigest())
        download = self.call("GET", f"{V2}/images/{doc['id']}/file",
                             headers={"Accept": "application/octet-stream"})
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), DATA)
        self.assertEqual(download["Content-MD5"], image["checksum"])
        self.assertEqual(download["Content-Type"], "application/octet-stream")
        self.assertEqual(int(download["Content-Length"]), len(DATA))

    def test_the_file_lives_in_images_dir_under_the_image_id(self):
        doc = self.active()
        self.assertTrue(os.path.isfile(self.images_dir / doc["id"]))
        self.assertEqual(os.listdir(self.images_dir), [doc["id"]])

    def test_qcow2_virtual_size_comes_from_its_header(self):
        path = self.images_dir / "source.qcow2"
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(path), "1G"], check=True)
        doc = self.active(data=path.read_bytes(), disk_format="qcow2")
        self.assertEqual(doc["virtual_size"], 1024**3)

    def test_upload_to_an_active_image_conflicts(self):
        doc = self.active()
        self.assert_error(self.upload(doc["id"], b"again"), 409, "conflictingRequest")

    def test_upload_without_formats_is_400_and_stays_queued(self):
        doc = self.created(disk_format=None)
        self.assert_error(self.upload(doc["id"], DATA), 400, "badRequest")
        self.assertEqual(self.image(doc["id"]).status, "queued")

    def test_wrong_content_type_is_415(self):
        doc = self.created()
        response = self.upload(doc["id"], DATA, content_type="application/json")
        self.assert_error(response, 415, "unsupportedMediaType")

    def test_other_projects_cannot_upload(self):
        doc = self.created(as_user="admin", visibility="public")
        self.assert_error(self.upload(doc["id"], DATA, as_user="bob"), 403, "forbidden")
        private = self.created(visibility="private")
        self.assert_error(self.upload(private["id"], DATA, as_user="bob"), 404, "itemNotFound")

    def test_reader_cannot_upload(self):
        doc = self.created()
        self.assert_error(self.upload(doc["id"], DATA, as_user="reader"), 403, "forbidden")


@override_settings(IMAGE_SIZE_CAP=100_000)
class SizeCapTests(GlanceTestCase):
    def test_declared_length_over_the_cap_is_413_before_reading(self):
        doc = self.created()
        self.assert_error(self.upload(doc["id"], DATA), 413, "overLimit")
        self.assertEqual(self.image(doc["id"]).status, "queued")
        self.assertEqual(os.listdir(self.images_dir), [])

    def test_stream_over_the_cap_is_413_queued_and_leaves_no_partial_file(self):
        doc = self.created()
        image = self.image(doc["id"])
        with self.assertRaises(image_data.UploadTooLarge):
            image_data.upload(image, iter([DATA[:60_000], DATA[:60_000]]))
        self.assertEqual(self.image(doc["id"]).status, "queued")
        self.assertEqual(os.listdir(self.images_dir), [])

    def test_a_queued_image_can_take_data_after_a_refused_upload(self):
        doc = self.created()
        self.upload(doc["id"], DATA)
        self.assertEqual(self.upload(doc["id"], DATA[:1000]).status_code, 204)
        self.assertEqual(self.image(doc["id"]).size, 1000)


class InterruptedUploadTests(GlanceTestCase):
    def test_data_shorter_than_declared_is_refused_and_requeued(self):
        image = self.image(self.created()["id"])
        with self.assertRaises(image_data.UploadInvalid):
            image_data.upload(image, iter([b"abc"]), declared_size=10)
        self.assertEqual(self.image(image.id).status, "queued")
        self.assertEqual(os.listdir(self.images_dir), [])

    def test_image_deleted_during_upload_is_gone_and_keeps_no_file(self):
        image = self.image(self.created()["id"])

        def chunks():
            yield b"first"
            self.call("DELETE", f"{V2}/images/{image.id}")
            yield b"second"

        with self.assertRaises(image_data.UploadGone):
            image_data.upload(image, chunks())
        self.assertEqual(os.listdir(self.images_dir), [])


class DownloadTests(GlanceTestCase):
    def test_queued_image_has_no_data_204(self):
        doc = self.created()
        self.assertEqual(self.call("GET", f"{V2}/images/{doc['id']}/file").status_code, 204)

    def test_public_image_data_is_readable_by_other_projects(self):
        doc = self.active(as_user="admin", visibility="public")
        response = self.call("GET", f"{V2}/images/{doc['id']}/file", as_user="bob")
        self.assertEqual(response.status_code, 200)

    def test_private_image_data_of_another_project_is_404(self):
        doc = self.active(visibility="private")
        self.assert_error(self.call("GET", f"{V2}/images/{doc['id']}/file", as_user="bob"),
                          404, "itemNotFound")
