"""Read-only queries behind the officer's pages (the dashboard and a D-TRO's page).

Everything here starts from `Dtro.objects.for_user(user)`, so an officer only ever reaches
their own TRAs' orders. Queries are shaped to stay fast with tens of thousands of D-TROs:
one aggregate for all the counts, an indexed page of rows, and no per-row queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import cached_property

from dtro_app.models import (
    Approval,
    ApprovalDecision,
    Dtro,
    DtroQuerySet,
    DtroStatus,
    Revision,
    RevisionState,
    Submission,
    SubmissionAttempt,
    SubmissionState,
    TrafficAuthority,
)
from dtro_app.models.submissions import PENDING_STATES

PAGE_SIZE = 25
# A name search can match most of a TRA's orders, and counting them all means reading every
# one of them again: past this many the dashboard says "More than 1,000" and pages up to here.
SEARCH_COUNT_CAP = 1000


@contextmanager
def one_snapshot() -> Iterator[None]:
    """Read several queries as of one moment, so a page never shows a D-TRO's state from
    before a worker's commit beside a timeline from after it. PostgreSQL needs REPEATABLE
    READ for that; SQLite's read transaction already is a snapshot."""
    outermost = not connection.in_atomic_block  # an outer transaction has its own level
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


# The order the dashboard shows its state filters in; deleted orders are kept out of "All".
DASHBOARD_STATES: tuple[DtroStatus, ...] = (
    DtroStatus.DRAFT,
    DtroStatus.AWAITING_APPROVAL,
    DtroStatus.IN_DELIVERY,
    DtroStatus.PUBLISHED,
    DtroStatus.PARTLY_REVOKED,
    DtroStatus.REVOKED,
    DtroStatus.EXPIRED,
    DtroStatus.REJECTED,
    DtroStatus.FAILED,
    DtroStatus.DELETED,
)
NEEDS_REVIEW = "needs_review"
_REFERENCE_RE = re.compile(r"^\s*(?:DTRO-?)?0*(\d{1,12})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class StateCount:
    value: str
    label: str
    count: int


@dataclass
class DashboardFilters:
    status: str = ""
    query: str = ""
    authority: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> DashboardFilters:
        status = str(params.get("status", "")).strip()
        if status not in {s.value for s in DASHBOARD_STATES} | {NEEDS_REVIEW}:
            status = ""
        try:
            authority = int(params.get("authority", "") or 0) or None
        except ValueError:
            authority = None
        return cls(status=status, query=str(params.get("q", "")).strip()[:200], authority=authority)

    def as_params(self, **overrides: Any) -> dict[str, str]:
        values = {"status": self.status, "q": self.query, "authority": self.authority or ""}
        values.update(overrides)
        return {k: str(v) for k, v in values.items() if v}


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` + 1 rows (one LIMITed subquery), so a search
    matching thousands stops reading once it knows there are more than `cap`. Pages reach
    the cap; `more_than_cap` says there are more than it shows."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def _found(self) -> int:
        return int(self.queryset.order_by().values("pk")[: self.cap + 1].count())

    @property
    def more_than_cap(self) -> bool:
        return self._found > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)

    def get_page(self, number: Any) -> Page:
        # A first page shorter than a page is every match: no second read to count them.
        if str(number).strip() != "1":
            return super().get_page(number)
        first = list(self.queryset[: self.per_page])
        if len(first) < self.per_page:
            self.__dict__["_found"] = len(first)
        return Page(first, 1, self)


@dataclass
class Dashboard:
    counts: list[StateCount]
    total: int
    needs_review: int
    page: Page
    filters: DashboardFilters
    query_params: dict[str, str] = field(default_factory=dict)


def dtros_for(user: Any) -> DtroQuerySet:
    return Dtro.objects.for_user(user)


def state_counts(queryset: QuerySet[Dtro]) -> tuple[list[StateCount], int, int]:
    """Counts of D-TROs in each state, the live total and those needing review: one query."""
    aggregates = {
        state.value: Count("pk", filter=Q(status=state.value)) for state in DASHBOARD_STATES
    }
    aggregates[NEEDS_REVIEW] = Count("pk", filter=Q(review_flagged_at__isnull=False))
    row = queryset.aggregate(**aggregates)
    counts = [StateCount(s.value, s.label, row[s.value] or 0) for s in DASHBOARD_STATES]
    total = sum(c.count for c in counts if c.value != DtroStatus.DELETED)
    return counts, total, row[NEEDS_REVIEW] or 0


def search_dtros(queryset: QuerySet[Dtro], query: str) -> QuerySet[Dtro]:
    """By name (any part), or by the portal reference "DTRO-000123" (or just 123)."""
    if not query:
        return queryset
    condition = Q(name__icontains=query)
    match = _REFERENCE_RE.match(query)
    if match:
        condition |= Q(pk=int(match.group(1)))
    return queryset.filter(condition)


def filter_dtros(queryset: DtroQuerySet, filters: DashboardFilters) -> QuerySet[Dtro]:
    if filters.authority:
        queryset = queryset.filter(authority__code=filters.authority)
    if filters.status == NEEDS_REVIEW:
        queryset = queryset.filter(review_flagged_at__isnull=False).live()
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    else:
        queryset = queryset.live()
    return search_dtros(queryset, filters.query)


def listed_dtros(user: Any, filters: DashboardFilters) -> DtroQuerySet:
    """The user's D-TROs (of one TRA when the filter names it) by their TRAs' ids, looked
    up first: `authority_id = 7` rather than `IN (a subquery)` lets PostgreSQL read the
    newest-first index in order and stop at a page, instead of sorting every match."""
    authorities = TrafficAuthority.objects.for_user(user)
    if filters.authority:
        authorities = authorities.filter(code=filters.authority)
    return Dtro.objects.filter(authority_id__in=list(authorities.values_list("pk", flat=True)))


def dashboard(user: Any, filters: DashboardFilters, page_number: Any = 1) -> Dashboard:
    mine = dtros_for(user)
    scoped = mine.filter(authority__code=filters.authority) if filters.authority else mine
    counts, total, needs_review = state_counts(scoped)
    rows = (
        filter_dtros(listed_dtros(user, filters), filters)
        .select_related("authority")
        .only(
            "pk",
            "name",
            "status",
            "schema_version",
            "updated_at",
            "review_flagged_at",
            "service_id",
            "authority__name",
            "authority__code",
        )
        .order_by("-updated_at", "-pk")
    )
    # Only a name search is capped: the other lists count through an index, and their
    # counts match the state counts above them.
    paginator = (
        CappedPaginator(rows, PAGE_SIZE, SEARCH_COUNT_CAP)
        if filters.query
        else Paginator(rows, PAGE_SIZE)
    )
    page = paginator.get_page(page_number)
    return Dashboard(
        counts=counts,
        total=total,
        needs_review=needs_review,
        page=page,
        filters=filters,
        query_params=filters.as_params(),
    )


def dtro_page(user: Any, pk: int) -> Dtro:
    """One D-TRO of the user's TRAs with what its page needs; raises Dtro.DoesNotExist."""
    return (
        dtros_for(user)
        .select_related("authority", "current_revision", "published_revision", "created_by")
        .get(pk=pk)
    )


@dataclass
class Timeline:
    revisions: list[Revision]
    submissions: list[Submission]
    is_pending: bool


def timeline(dtro: Dtro) -> Timeline:
    """Revisions (with their approvals) and submissions (with their attempts), newest first."""
    # Not the documents: a big order's are 10 MB each, and the timeline shows none of them.
    revisions = list(
        dtro.revisions.select_related("created_by", "sent_for_approval_by", "approval__decided_by")
        .defer("document")
        .order_by("-number")
    )
    submissions = list(
        dtro.submissions.select_related("revision")
        .defer("revision__document")
        .prefetch_related(
            Prefetch("history", queryset=SubmissionAttempt.objects.order_by("-number"))
        )
        .order_by("-sequence")
    )
    return Timeline(
        revisions=revisions,
        submissions=submissions,
        is_pending=any(s.state in PENDING_STATES for s in submissions),
    )


def rejection_of(revision: Revision | None) -> Approval | None:
    """The supervisor's rejection of this revision, if that is what happened to it."""
    if revision is None or revision.state != RevisionState.REJECTED:
        return None
    return (
        Approval.objects.filter(revision=revision, decision=ApprovalDecision.REJECTED)
        .select_related("decided_by")
        .first()
    )


def awaiting_revision(dtro: Dtro) -> Revision | None:
    return dtro.revisions.filter(state=RevisionState.AWAITING_APPROVAL).first()


def last_rejected_submission(dtro: Dtro) -> Submission | None:
    """The service's refusal of the latest change, when that is where things stand."""
    if dtro.status != DtroStatus.REJECTED:
        return None
    last = dtro.submissions.exclude(state=SubmissionState.CANCELLED).order_by("-sequence").first()
    return last if last is not None and last.state == SubmissionState.REJECTED else None
