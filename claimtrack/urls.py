from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from claimtrack import views

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", views.ApiDocs.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", views.ApiRoot.as_view(), name="api-root"),
    path("api/", include("quotes.api.urls")),
    path("api/", include("articles.api.urls")),
    path("articles/", include("articles.urls")),
    path("", include("quotes.urls")),
]

# JSON under /api/, pages elsewhere (claimtrack/errors.py).
handler400 = "claimtrack.errors.bad_request"
handler403 = "claimtrack.errors.permission_denied"
handler404 = "claimtrack.errors.page_not_found"
handler500 = "claimtrack.errors.server_error"
