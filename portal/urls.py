from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth, so lockout, MFA and the audit of sign-ins apply there too.
# Replacing the site's bound method is allauth's documented way to do it.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "D-TRO portal administration"
admin.site.site_title = "D-TRO portal"
admin.site.index_title = "Supervisors and administrators"

urlpatterns = [
    path("", include("dtro_app.operations.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("streetworks/", include("streetworks.urls")),
    path("documents/", include("documents.urls")),
    path("imports/", include("imports.urls")),
    path("", include("dtro_app.urls")),
]
if settings.STREET_MANAGER_EMULATOR_ENABLED:
    urlpatterns.insert(0, path("streetmanager-sandbox/", include("streetworks.emulator.urls")))
if settings.DTRO_SANDBOX_ENABLED:
    urlpatterns.insert(0, path("sandbox/v1/", include("sandbox.urls")))
