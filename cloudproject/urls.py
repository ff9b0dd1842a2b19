"""URL map: the admin dashboard and the API."""
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.autodiscover()
admin.site.site_header = "cloudproject operator dashboard"
admin.site.site_title = "cloudproject"
admin.site.index_title = "Compute cloud"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
]

handler404 = "api.not_found.not_found"
