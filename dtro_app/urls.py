from __future__ import annotations

from django.urls import path

from dtro_app.views import (
    approvals,
    core,
    delivery_health,
    drafting,
    dtros,
    invitations,
    service,
)

app_name = "dtro_app"

urlpatterns = [
    path("", core.dashboard, name="dashboard"),
    path("authorities/<int:code>/", core.authority_detail, name="authority_detail"),
    path("accessibility", core.accessibility, name="accessibility"),
    # Creating and editing D-TROs: guided form, JSON editor, upload, amend, revoke.
    *drafting.urlpatterns,
    # Following a D-TRO: its page, timeline and actions (officers).
    *dtros.urlpatterns,
    # Read-only pages over the live D-TRO service: search, events, history, schemas, export.
    *service.urlpatterns,
    # Supervisors' pages: approvals, the delivery queue summary and delivery health.
    *approvals.urlpatterns,
    *delivery_health.urlpatterns,
    # Someone with an account accepting an invitation to join another TRA.
    *invitations.urlpatterns,
]
