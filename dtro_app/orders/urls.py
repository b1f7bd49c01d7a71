"""The TRA's orders: the dashboard, an order's page and timeline, and an officer's actions."""

from __future__ import annotations

from django.urls import URLPattern, path

from dtro_app.orders import bulk_views, views

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("authorities/<int:code>/", views.authority_detail, name="authority_detail"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("dtros/<int:pk>/", views.dtro_detail, name="dtro_detail"),
    path("dtros/<int:pk>/timeline/", views.dtro_timeline, name="dtro_timeline"),
    path("dtros/<int:pk>/send/", views.dtro_send_for_approval, name="dtro_send_for_approval"),
    path(
        "dtros/send-for-approval/",
        bulk_views.send_drafts_for_approval,
        name="send_drafts_for_approval",
    ),
    path("dtros/<int:pk>/withdraw/", views.dtro_withdraw, name="dtro_withdraw"),
    path("dtros/<int:pk>/delete/", views.dtro_delete, name="dtro_delete"),
    path("dtros/<int:pk>/review/clear/", views.dtro_clear_review, name="dtro_clear_review"),
]
