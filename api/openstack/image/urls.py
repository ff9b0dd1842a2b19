"""Routes of the Glance v2 subset under /image (no trailing slashes needed, none appended)."""
from django.urls import re_path

from api.openstack.image import image_data, image_schemas, images, versions

V2 = r"^/v2"
ID = r"(?P<image_id>[^/]+)"

urlpatterns = [
    re_path(r"^/?$", versions.ImageVersions.as_view()),
    re_path(r"^/versions/?$", versions.ImageVersionsExplicit.as_view()),
    re_path(rf"{V2}/?$", versions.ImageVersionsExplicit.as_view()),
    re_path(rf"{V2}/images/?$", images.ImageList.as_view()),
    re_path(rf"{V2}/images/{ID}/?$", images.ImageItem.as_view()),
    re_path(rf"{V2}/images/{ID}/file/?$", image_data.ImageFile.as_view()),
    re_path(rf"{V2}/images/{ID}/tasks/?$", images.ImageTasks.as_view()),
    re_path(rf"{V2}/images/{ID}/tags/(?P<tag>[^/]+)/?$", images.ImageTag.as_view()),
    re_path(rf"{V2}/schemas/image/?$", image_schemas.ImageSchema.as_view()),
    re_path(rf"{V2}/schemas/images/?$", image_schemas.ImagesSchema.as_view()),
]
