from __future__ import annotations

app_name = "streetworks"

urlpatterns: list = []
