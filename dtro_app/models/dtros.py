"""Our record of each D-TRO, its immutable revisions and the supervisors' decisions.

A `Dtro` is one order as the TRA knows it: it gets the service's id once its create has
been published. Every change to its payload is a new `Revision` (never edited in place);
a revision is sent for approval, and an `Approval` (approve or reject) decides whether
it becomes an outbox `Submission`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from dtro_app.models.authorities import TrafficAuthority, TraScopedQuerySet
from dtro_app.models.lifespan import FULL, PARTIAL
from dtro_validation.document_parts import source_of


class DtroStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    IN_DELIVERY = "in_delivery", "In delivery"
    PUBLISHED = "published", "Published"
    # Published, but no longer (wholly) in force: see models.status and models.lifespan.
    PARTLY_REVOKED = "partly_revoked", "Partly revoked"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    REJECTED = "rejected", "Rejected"
    FAILED = "failed", "Failed"
    DELETED = "deleted", "Deleted"


class ChangeAction(models.TextChoices):
    """What a revision asks the service to do."""

    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"


class RevisionOrigin(models.TextChoices):
    FORM = "form", "Guided form"
    JSON = "json", "JSON editor"
    UPLOAD = "upload", "File upload"
    AMEND = "amend", "Amendment"
    REVOKE = "revoke", "Revocation"
    DELETE = "delete", "Deletion request"
    STREET_MANAGER = "street_manager", "Street Manager permit"
    SERVICE = "service", "Copied from the D-TRO service"


class RevisionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected by supervisor"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Superseded"


def document_hash(document: Any) -> str:
    """A stable hash of a JSON document (key order and whitespace do not matter)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def body_bytes(value: Any) -> int:
    """The size of `value` as the client sends a JSON body (requests' `json=`)."""
    return len(json.dumps(value, allow_nan=False).encode("utf-8"))


def _measured(document: Any) -> int | None:
    """`body_bytes` of a document, or None for one no client could send (NaN, infinity)."""
    try:
        return body_bytes(document)
    except ValueError:
        return None


def tro_name_of(document: Any) -> str:
    """The `troName` of an envelope, whichever casing its schema version uses."""
    source = source_of(document)
    name = (source.get("troName") or source.get("TroName")) if source is not None else None
    return str(name)[:500] if name else ""


class DtroQuerySet(TraScopedQuerySet):
    def live(self) -> DtroQuerySet:
        return self.exclude(status=DtroStatus.DELETED)


class Dtro(models.Model):
    authority = models.ForeignKey(TrafficAuthority, on_delete=models.PROTECT, related_name="dtros")
    name = models.CharField(max_length=500, blank=True, help_text="The order's troName.")
    schema_version = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        max_length=20, choices=DtroStatus.choices, default=DtroStatus.DRAFT, db_index=True
    )
    service_id = models.UUIDField(
        null=True, blank=True, unique=True, help_text="The D-TRO service's id, once published."
    )
    current_revision = models.ForeignKey(
        "Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_revision = models.ForeignKey(
        "Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dtros_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The service tells a provision's id only in the answer to creating it through the
    # provision endpoints; kept by the provision's reference so later changes can go alone.
    provision_ids = models.JSONField(
        default=dict,
        blank=True,
        help_text="Service ids of provisions created one by one, by provision reference.",
    )
    # What the published version says of itself (models.lifespan), kept so that the state can
    # be decided without reading its document again; written only by models.status.
    revocation = models.CharField(
        max_length=10,
        choices=[("", "Nothing revoked"), (PARTIAL, "Partly revoked"), (FULL, "Revoked")],
        blank=True,
        default="",
    )
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="When the published version stops applying, if it does."
    )
    # Set by Street Manager sync (or anyone) when the order may no longer match reality.
    review_reason = models.TextField(blank=True)
    review_flagged_at = models.DateTimeField(null=True, blank=True)

    objects = DtroQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "D-TRO"
        verbose_name_plural = "D-TROs"
        indexes = [
            models.Index(fields=["authority", "status", "-updated_at"]),
            # The dashboard's page, newest first: read in this order it stops at 25 rows,
            # even when a name search matches nearly every order of the TRA.
            models.Index(fields=["authority", "-updated_at", "-id"], name="dtro_authority_newest"),
            # The expiry sweep's lookup: orders in force with an end, soonest first.
            models.Index(
                fields=["ends_at"],
                name="dtro_in_force_ends_at",
                condition=models.Q(status__in=["published", "partly_revoked"]),
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"Untitled D-TRO {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("dtro_app:dtro_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The portal's own reference, shown to officers before a service id exists."""
        return f"DTRO-{self.pk:06d}" if self.pk else "DTRO-new"

    @property
    def needs_review(self) -> bool:
        return bool(self.review_flagged_at)


class RevisionQuerySet(models.QuerySet["Revision"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Revision]:
        """As Django's, with each revision's size measured as save() measures it."""
        objs = list(objs)
        for revision in objs:
            revision.measure_if_new()
        return super().bulk_create(objs, *args, **kwargs)


class Revision(models.Model):
    """One immutable version of a D-TRO's payload, with who made it, when and why."""

    dtro = models.ForeignKey(Dtro, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    action = models.CharField(
        max_length=10, choices=ChangeAction.choices, default=ChangeAction.CREATE
    )
    origin = models.CharField(max_length=20, choices=RevisionOrigin.choices)
    state = models.CharField(
        max_length=20, choices=RevisionState.choices, default=RevisionState.DRAFT, db_index=True
    )
    document = models.JSONField(help_text='The envelope: {"schemaVersion": ..., "data": ...}.')
    document_hash = models.CharField(max_length=64)
    # Measured once when the revision is made, so pages and the delivery plan need not
    # serialise a 20 MB document to learn it is small. Null: made before it was stored
    # (see `size_as_sent`).
    document_bytes = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Bytes of the document as the client sends it."
    )
    schema_version = models.CharField(max_length=20, blank=True)
    tro_name = models.CharField(max_length=500, blank=True)
    is_valid = models.BooleanField(default=False)
    validation_issues = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, help_text="Why this change was made.")
    # Which fields were filled in from elsewhere (for example Street Manager), by JSON pointer.
    prefilled_fields = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="revisions_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_for_approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions_sent",
    )
    sent_for_approval_at = models.DateTimeField(null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["dtro", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dtro", "number"], name="one_revision_number_per_dtro")
        ]

    def __str__(self) -> str:
        return f"{self.dtro} — revision {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.measure_if_new()
        super().save(*args, **kwargs)

    def measure_if_new(self) -> None:
        """Store the document's size on a revision about to be inserted (it never changes)."""
        if self._state.adding and self.document_bytes is None:
            self.document_bytes = _measured(self.document)

    def size_as_sent(self) -> int | None:
        """`document_bytes`, measured and stored now for a revision made before it was kept
        (None only for a document no client could send)."""
        if self.document_bytes is None:
            self.document_bytes = _measured(self.document)
            if self.document_bytes is not None and not self._state.adding:
                Revision.objects.filter(pk=self.pk, document_bytes__isnull=True).update(
                    document_bytes=self.document_bytes
                )
        return self.document_bytes


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class ApprovalQuerySet(models.QuerySet["Approval"]):
    def for_user(self, user: Any) -> ApprovalQuerySet:
        return self.filter(revision__dtro__in=Dtro.objects.for_user(user))


class Approval(models.Model):
    """A supervisor's decision on one revision. Nobody decides on their own revision,
    except where the TRA allows self-approval of temporary orders (flagged here)."""

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="approval")
    decision = models.CharField(max_length=10, choices=ApprovalDecision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approvals"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    self_approved = models.BooleanField(default=False)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.revision}"
