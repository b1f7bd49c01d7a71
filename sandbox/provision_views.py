"""HTTP face of the provision-level endpoints; the gateway's rules and faults as every write."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse

from sandbox import provisions
from sandbox.models import SandboxApp
from sandbox.views import WRITE, _json_body, api_endpoint, render


@api_endpoint({"POST": WRITE})
def create_from_body(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    provisions.check_app_id(app, request.headers.get("App-Id"))
    dtro_id = provisions.parse_dtro_id(request.GET.get("dtroId"))
    ids = provisions.create_provisions(app, dtro_id, _json_body(request))
    return render(201, {"dtroId": str(dtro_id), "provisionIds": [str(i) for i in ids]})


@api_endpoint({"PUT": WRITE, "DELETE": WRITE})
def provision(request: HttpRequest, app: SandboxApp, provision_id: uuid.UUID) -> HttpResponse:
    provisions.check_app_id(app, request.headers.get("App-Id"))
    if request.method == "DELETE":
        provisions.delete_provision(app, provision_id)
        return HttpResponse(status=204)
    provisions.update_provision(app, provision_id, _json_body(request))
    return HttpResponse(status=200)
