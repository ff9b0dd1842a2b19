"""Image data: streamed uploads into IMAGES_DIR with checksums, staged snapshots, removal."""
import hashlib
import os
import struct
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from compute import states
from compute.models import Image, Instance

CHUNK_SIZE = 64 * 1024
HASH_ALGO = "sha512"
_QCOW2_MAGIC = b"QFI\xfb"


class UploadError(Exception):
    """An upload that stored nothing; the image is queued again (the API picks the status)."""


class UploadInvalid(UploadError):
    """The image cannot take data as it is (400)."""


class UploadConflict(UploadError):
    """The image is not queued (409)."""


class UploadTooLarge(UploadError):
    """More data than IMAGE_SIZE_CAP (413)."""


class UploadGone(UploadError):
    """The image was deleted while its data arrived (410)."""


@dataclass(frozen=True)
class Digest:
    """What the data of an image measures."""

    size: int
    checksum: str
    hash_value: str
    head: bytes


def staging_path(image_id):
    """Where data is written before it becomes the image's file (never a booting path)."""
    return os.path.join(settings.IMAGES_DIR, f"{image_id}.part")


def _transition(image_id, sources, target, **values):
    """Compare-and-swap of an image's status; True if this caller won."""
    return bool(Image.objects.filter(pk=image_id, status__in=sources).update(
        status=target, updated_at=timezone.now(), **values))


def upload(image, chunks, declared_size=None):
    """Store the bytes of `chunks` as the image's data: queued → saving → active with size,
    md5 checksum, sha512 hash and virtual size. On any failure (also data shorter than
    `declared_size`) the image is queued again and no file is left; data beyond
    IMAGE_SIZE_CAP is refused as it arrives."""
    if not image.disk_format or not image.container_format:
        raise UploadInvalid("Properties disk_format, container_format must be set prior to "
                            "saving data.")
    cap = settings.IMAGE_SIZE_CAP
    if declared_size is not None and declared_size > cap:
        raise UploadTooLarge(f"Image exceeds the storage quota: {declared_size} bytes to "
                             f"store, {cap} allowed.")
    if not _transition(image.id, ("queued",), "saving"):
        image.refresh_from_db()
        raise UploadConflict(f"Image status transition from {image.status} to saving is not "
                             f"allowed")
    path = staging_path(image.id)
    try:
        digest = _write(chunks, path, cap)
        if declared_size is not None and digest.size != declared_size:
            raise UploadInvalid(f"Image data ended after {digest.size} of its "
                                f"{declared_size} declared bytes.")
    except BaseException:
        _remove(path)
        _transition(image.id, ("saving",), "queued")
        raise
    if not activate(image.id, path, digest, image.disk_format):
        raise UploadGone(f"Image {image.id} could not be found after upload. The image may "
                         f"have been deleted during the upload.")


def _write(chunks, path, cap):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        return _digest(chunks, cap, out)


def _digest(chunks, cap, out=None):
    """Measure `chunks` (and copy them to `out`), refusing more than `cap` bytes."""
    md5, sha, size, head = hashlib.md5(usedforsecurity=False), hashlib.sha512(), 0, b""
    for chunk in chunks:
        size += len(chunk)
        if cap is not None and size > cap:
            raise UploadTooLarge(f"Image exceeds the storage quota: more than {cap} bytes.")
        if len(head) < 32:
            head += chunk[:32]
        md5.update(chunk)
        sha.update(chunk)
        if out is not None:
            out.write(chunk)
    return Digest(size, md5.hexdigest(), sha.hexdigest(), head)


def _file_chunks(path):
    with open(path, "rb") as data:
        while chunk := data.read(CHUNK_SIZE):
            yield chunk


def virtual_size(head, disk_format, size):
    """The disk size a guest sees: from the qcow2 header, the file size for raw/iso."""
    if disk_format == "qcow2" and head[:4] == _QCOW2_MAGIC and len(head) >= 32:
        return struct.unpack(">Q", head[24:32])[0]
    if disk_format in ("raw", "iso"):
        return size
    return None


def activate(image_id, path, digest, disk_format):
    """Make the staged file at `path` the image's data and the image active (saving → active).
    False, and nothing kept, when the image left 'saving' meanwhile (deleted)."""
    try:
        os.replace(path, Image(id=image_id).path)
    except FileNotFoundError:  # a delete removed the staged data meanwhile
        return False
    if _transition(image_id, ("saving",), "active", size=digest.size, checksum=digest.checksum,
                   os_hash_algo=HASH_ALGO, os_hash_value=digest.hash_value,
                   virtual_size=virtual_size(digest.head, disk_format, digest.size)):
        return True
    remove_unused(image_id)
    return False


def begin_saving(image_id):
    """queued → saving for data written by the cloud itself (a snapshot); True while the image
    waits for that data (also when a retry finds it saving already)."""
    os.makedirs(settings.IMAGES_DIR, exist_ok=True)
    return _transition(image_id, ("queued", "saving"), "saving")


def activate_staged(image_id):
    """Hash the staged file and activate the image with it. No staged file (done already, or
    the image was deleted): nothing to do. Returns whether the image became active."""
    path = staging_path(image_id)
    image = Image.objects.filter(pk=image_id).first()
    if image is None or not os.path.exists(path):
        return False
    if image.status != "saving":
        _remove(path)
        return False
    digest = _digest(_file_chunks(path), cap=None)
    return activate(image_id, path, digest, image.disk_format)


def in_use(image_id):
    """Whether a live instance's disk reads this file (overlay backing file, kernel, ramdisk):
    removing it would break the instance's next start."""
    return Instance.objects.exclude(vm_state=states.DELETED).filter(
        Q(image_ref=image_id) | Q(image__kernel_id=image_id) | Q(image__ramdisk_id=image_id)
    ).exists()


def remove_unused(image_id):
    """Remove the files of a deleted (or never active) image unless in use; staged data goes
    always. A file kept for an instance stays until `purge_deleted` finds it unused."""
    _remove(staging_path(image_id))
    image = Image.objects.filter(pk=image_id).first()
    if image is not None and image.status == "active":
        return
    if not in_use(image_id):
        _remove(Image(id=image_id).path)


def purge_deleted():
    """Remove the files deleted images kept for instances that are gone now."""
    for image_id in Image.objects.filter(status="deleted").values_list("id", flat=True):
        if os.path.exists(Image(id=image_id).path):
            remove_unused(image_id)


def open_data(image):
    """The image's data as an open binary file, or None when it has none (not active)."""
    if image.status != "active":
        return None
    try:
        return open(image.path, "rb")
    except FileNotFoundError:
        return None


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
