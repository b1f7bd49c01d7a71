"""HTTP face of the sandbox: parse the request, call one service, render its answer.

`api_endpoint` applies the gateway's rules to every D-TRO call in the order Apigee and the
service do: body size, the proxy-wide spike arrest, bearer token, scope, then injected
faults. Faults "after commit" apply only to writes that succeeded, so each one really is
a change the service applied while its client never heard.
"""

from __future__ import annotations

import io
import json
import uuid
import zlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt

from dtro_validation import InputError, load_document
from sandbox import contract, faults, gateway, lenient_json, queries, services, specs
from sandbox.errors import (
    ServiceError,
    bad_request,
    body_too_large,
    e1,
    fault,
    insufficient_scope,
    problem,
    response_too_large,
    spike_arrest,
)
from sandbox.models import SandboxApp

MAX_BODY_BYTES = 10 * 1024 * 1024
WRITE = ("cso", "dsp")
READ = ("cso", "dsp", "dc")
View = Callable[..., HttpResponse]
_NO_CACHE = {"Cache-Control": "no-store,no-cache,must-revalidate", "Pragma": "no-cache"}


def render(status: int, body: Any, headers: dict[str, str] | None = None) -> HttpResponse:
    response = JsonResponse(
        body, status=status, safe=False, json_dumps_params={"separators": (",", ":")}
    )
    for name, value in {**_NO_CACHE, **(headers or {})}.items():
        response[name] = value
    return response


def _with_correlation(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    # Today's service ignores the header; echoing it lets the portal match its audit rows.
    response["X-Correlation-ID"] = request.headers.get("X-Correlation-ID") or str(uuid.uuid4())
    return response


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _read_chunked(request: HttpRequest) -> None:
    """Read a chunked body (no Content-Length) as the service does, within the size limit.

    Django reads only Content-Length bytes, so such a body would look empty. gunicorn has
    already removed the chunk framing from wsgi.input; one byte past the limit means too large.
    """
    chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not chunked or request.META.get("CONTENT_LENGTH") or hasattr(request, "_body"):
        return
    stream = request.META.get("wsgi.input")
    body = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
    if len(body) > MAX_BODY_BYTES:
        raise body_too_large()
    request._body = body  # what request.body returns; the multipart parser reads it too
    request._stream = io.BytesIO(body)
    request.META["CONTENT_LENGTH"] = str(len(body))


def api_endpoint(methods: dict[str, tuple[str, ...]]) -> Callable[[View], View]:
    """Wrap a view taking (request, app, ...) with auth, scopes, spike arrest and faults."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            scopes = methods.get(request.method or "")
            if scopes is None:
                return _with_correlation(request, HttpResponseNotAllowed(list(methods)))
            try:
                if _content_length(request) > MAX_BODY_BYTES:
                    raise body_too_large()
                _read_chunked(request)
                switches = gateway.switches()
                gateway.admit(switches)
                app, scope = services.authenticate(request.headers.get("Authorization", ""))
                if scope not in scopes:
                    raise insufficient_scope(WRITE if scopes == WRITE else READ)
            except ServiceError as error:
                return _with_correlation(request, render(error.status, error.body, error.headers))
            write = scopes == WRITE
            with gateway.in_flight(request, track=write and switches.track_in_flight):
                response = _faulty(view, request, app, switches, write, *args, **kwargs)
            return _with_correlation(request, response)

        return wrapper

    return decorate


def _faulty(
    view: View,
    request: HttpRequest,
    app: SandboxApp,
    switches: gateway.Switches,
    write: bool,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    """Run the view inside the app's fault plan (a write's latency is held before it commits)."""
    plan = faults.plan_for(app)
    try:
        _faults_before(plan, switches)
        response = view(request, app, *args, **kwargs)
    except ServiceError as error:
        return render(error.status, error.body, error.headers)
    if write and 200 <= response.status_code < 300:
        return _faults_after_commit(request, plan, response)
    if not write and not plan.is_off and faults.roll(plan.timeout_rate):
        faults.count(faults.SLOW_READ)
        faults.hold(plan.timeout_seconds)
    return response


def _gateway_503() -> ServiceError:
    return fault(
        503,
        "The service is temporarily unavailable",
        "messaging.adaptors.http.flow.ServiceUnavailable",
    )


def _faults_before(plan: faults.FaultPlan, switches: gateway.Switches) -> None:
    if plan.is_off:
        return
    faults.hold(plan.latency_ms / 1000)
    if faults.roll(plan.rate_429_rate):
        faults.count(faults.INJECTED_429)
        per_minute = switches.spike_arrest_per_minute or gateway.DEFAULT_PER_MINUTE
        raise spike_arrest(per_minute, switches.spike_arrest_burst, plan.retry_after_seconds)
    if faults.roll(plan.error_5xx_rate):
        faults.count(faults.BEFORE_COMMIT_5XX)
        if plan.error_5xx_status == 500:
            raise e1(500, "Internal Server Error", "An unexpected error occurred: injected fault")
        error = _gateway_503()
        raise ServiceError(plan.error_5xx_status, error.body)


def _faults_after_commit(
    request: HttpRequest, plan: faults.FaultPlan, response: HttpResponse
) -> HttpResponse:
    """The write committed; now lose, replace or delay its answer. Counted before acting."""
    if plan.is_off:
        return response
    if faults.roll(plan.drop_rate):
        faults.count(faults.DROP_AFTER_COMMIT)
        faults.drop_connection(request, plan)
    elif faults.roll(plan.error_5xx_after_rate):
        faults.count(faults.AFTER_COMMIT_5XX)
        error = _gateway_503()
        return render(error.status, error.body)
    elif faults.roll(plan.timeout_rate):
        faults.count(faults.TIMEOUT_AFTER_COMMIT)
        faults.hold(plan.timeout_seconds)
    return response


_UTF8_BOM = b"\xef\xbb\xbf"
_BOM_REFUSED = "'0xEF' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0."


def _starts_with_bom(raw: bytes) -> bool:
    """A byte-order mark before the JSON, the file gzip-compressed or not."""
    if raw.startswith(b"\x1f\x8b"):
        try:
            raw = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, len(_UTF8_BOM))
        except zlib.error:
            return False
    return raw.startswith(_UTF8_BOM)


def _json_body(request: HttpRequest) -> object:
    if request.content_type != "application/json":
        raise ServiceError(
            415,
            {
                "type": "https://tools.ietf.org/html/rfc7231#section-6.5.13",
                "title": "Unsupported Media Type",
                "status": 415,
                "traceId": f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-00",
            },
        )
    if request.body.startswith(_UTF8_BOM):
        # As the service's JSON reader: a byte-order mark is not the start of a JSON value.
        raise problem({"$": [_BOM_REFUSED]})
    try:
        return _storable(lenient_json.loads(request.body.decode("utf-8-sig")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise problem({"$": [f"The JSON value could not be parsed: {exc}"]}) from exc


def _storable(document: object) -> object:
    """Refuse text PostgreSQL cannot hold (lone surrogates, NUL) instead of failing with 500."""
    text = json.dumps(document, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("the JSON contains an unpaired surrogate escape") from exc
    if "\\u0000" in text:
        raise ValueError("the JSON contains a NUL character")
    return document


def _file_document(request: HttpRequest) -> object:

    upload = request.FILES.get("file")
    if upload is None or upload.size == 0:
        raise ServiceError(400, "File is empty")
    raw = upload.read()
    if _starts_with_bom(raw):
        # The service cannot read it either (it answers 500); the sandbox says why.
        raise bad_request(
            "The file starts with a byte-order mark (BOM), which the D-TRO service cannot "
            "read. Save it as UTF-8 without a BOM."
        )
    try:
        return _storable(load_document(raw, filename=upload.name))
    except ValueError as exc:
        raise bad_request(f"The file is not valid JSON: {exc}") from exc
    except InputError as exc:
        if exc.code == "not_json":
            return _lenient_file(upload, exc)
        # The service answers a broken file with 500; the sandbox says what is wrong.
        raise bad_request(exc.message) from exc


def _lenient_file(upload: Any, strict_error: InputError) -> object:
    # Like a body, a file may carry comments or trailing commas (Newtonsoft reads both).
    upload.seek(0)
    try:
        return _storable(lenient_json.loads(upload.read().decode("utf-8-sig")))
    except (UnicodeDecodeError, ValueError):
        raise bad_request(strict_error.message) from strict_error


# --- OAuth -------------------------------------------------------------------------------


@csrf_exempt
def oauth_generator(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        body = services.issue_token(
            request.headers.get("Authorization", ""), request.POST.get("grant_type")
        )
        return _with_correlation(request, render(200, body))
    except ServiceError as error:
        return _with_correlation(request, render(error.status, error.body, error.headers))


# --- D-TROs ------------------------------------------------------------------------------


def _location(request: HttpRequest, dtro_id: uuid.UUID) -> str:
    # The service answers an absolute URL of the new record, under whatever base it is mounted.
    base = request.path.rsplit("dtros/", 1)[0]
    return request.build_absolute_uri(f"{base}dtros/{dtro_id}")


@api_endpoint({"POST": WRITE})
def create_from_body(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    dtro_id = services.create_dtro(app, _json_body(request), from_file=False)
    return render(201, {"id": str(dtro_id)}, {"Location": _location(request, dtro_id)})


@api_endpoint({"POST": WRITE})
def create_from_file(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    dtro_id = services.create_dtro(app, _file_document(request), from_file=True)
    return render(201, {"id": str(dtro_id)}, {"Location": _location(request, dtro_id)})


@api_endpoint({"PUT": WRITE})
def update_from_body(request: HttpRequest, app: SandboxApp, dtro_id: uuid.UUID) -> HttpResponse:
    return render(200, {"id": str(services.update_dtro(app, dtro_id, _json_body(request)))})


@api_endpoint({"PUT": WRITE})
def update_from_file(request: HttpRequest, app: SandboxApp, dtro_id: uuid.UUID) -> HttpResponse:
    # Django parses multipart bodies only for POST; a PUT needs the parser run by hand.
    if request.method == "PUT":
        request.method = "POST"
        request._load_post_and_files()
        request.method = "PUT"
    return render(200, {"id": str(services.update_dtro(app, dtro_id, _file_document(request)))})


@api_endpoint({"GET": READ, "DELETE": WRITE})
def dtro_detail(request: HttpRequest, app: SandboxApp, dtro_id: uuid.UUID) -> HttpResponse:
    if request.method == "DELETE":
        services.delete_dtro(app, dtro_id)
        return HttpResponse(status=204)
    response = render(200, services.get_dtro(dtro_id))
    if len(response.content) > settings.SANDBOX_MAX_RESPONSE_BYTES:
        raise response_too_large()
    return response


@api_endpoint({"GET": READ})
def source_history(request: HttpRequest, app: SandboxApp, dtro_id: uuid.UUID) -> HttpResponse:
    return render(200, services.source_history(dtro_id))


@api_endpoint({"GET": READ})
def provision_history(request: HttpRequest, app: SandboxApp, dtro_id: uuid.UUID) -> HttpResponse:
    return render(200, services.provision_history(dtro_id))


@api_endpoint({"GET": READ})
def dtros_all(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    url = request.build_absolute_uri("all.csv") + f"?X-Sandbox-Signature={queries.export_token()}"
    return render(200, url)


def dtros_all_csv(request: HttpRequest) -> HttpResponseBase:
    """The signed download; like a cloud-storage URL it needs no bearer token."""
    try:
        name = queries.check_export_token(request.GET.get("X-Sandbox-Signature", ""))
    except ServiceError as error:
        # The OpenAPI promises JSON errors, so the refusal is the service's error shape.
        return render(403, {"message": "Forbidden", "error": error.body})
    response = StreamingHttpResponse(queries.export_rows(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- search and events ---------------------------------------------------------------------


@api_endpoint({"POST": READ})
def search(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    return render(200, queries.search(_json_body(request)))


@api_endpoint({"POST": READ})
def events(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    return render(200, queries.events(_json_body(request)))


# --- schemas and rules ---------------------------------------------------------------------


@api_endpoint({"GET": READ})
def schema_versions(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    return render(200, specs.schema_versions())


@api_endpoint({"GET": READ})
def schemas(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    return render(200, specs.all_schemas())


@api_endpoint({"GET": READ})
def schema_by_id(request: HttpRequest, app: SandboxApp, schema_id: uuid.UUID) -> HttpResponse:
    return render(200, specs.schema_by_id(schema_id))


@api_endpoint({"GET": READ})
def schema_by_version(request: HttpRequest, app: SandboxApp, version: str) -> HttpResponse:
    return render(200, specs.schema_by_version(version))


@api_endpoint({"GET": READ})
def rule_versions(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    return render(200, specs.rule_versions())


@api_endpoint({"GET": READ})
def rules(request: HttpRequest, app: SandboxApp) -> HttpResponse:
    return render(200, specs.all_rules())


@api_endpoint({"GET": READ})
def rules_by_id(request: HttpRequest, app: SandboxApp, rule_id: uuid.UUID) -> HttpResponse:
    return render(200, specs.rules_by_id(rule_id))


@api_endpoint({"GET": READ})
def rules_by_version(request: HttpRequest, app: SandboxApp, version: str) -> HttpResponse:
    return render(200, specs.rules_by_version(version))


# --- the description and the rest ----------------------------------------------------------


def openapi(request: HttpRequest) -> HttpResponse:
    # DfT's own description of the live service; only its server URL names this sandbox.
    base = request.path.rsplit("/", 1)[0]
    try:
        text = contract.published_contract(request.build_absolute_uri(base))
    except contract.ContractMissing as error:
        return render(500, {"message": "Internal Server Error", "error": str(error)})
    return HttpResponse(text, content_type="application/yaml; charset=utf-8")


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    # A non-GUID id (or no route) answers JSON in the service's error shape, as the OpenAPI says.
    return _with_correlation(request, render(404, {"message": "Not found", "error": f"/{rest}"}))
