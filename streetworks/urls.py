from __future__ import annotations

from django.urls import path

from streetworks import views

app_name = "streetworks"

urlpatterns = [
    path("", views.search, name="search"),
    path("streets/", views.streets_in_box, name="streets_in_box"),
    path("streets/near/", views.streets_near, name="streets_near"),
    path("works/<str:wrn>/", views.works_detail, name="works_detail"),
    path("works/<str:wrn>/permits/<str:prn>/start-ttro/", views.start_ttro, name="start_ttro"),
    path("links/<int:pk>/", views.link_detail, name="link_detail"),
]
