from __future__ import annotations

from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/dtros/", views.dtros, name="dtros"),
    path("<int:pk>/problems.csv", views.problems_csv, name="problems_csv"),
    path("<int:pk>/send-for-approval/", views.send_for_approval, name="send_for_approval"),
]
