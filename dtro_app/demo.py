"""The demo data `make run` creates: two TRAs and three people. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from dtro_app.approvals.services import approve
from dtro_app.drafting.examples import example_document, with_tra
from dtro_app.drafting.services import create_dtro, send_for_approval
from dtro_app.models import Dtro, Membership, Revision, Role, TrafficAuthority

DEMO_TRA_CODE = 99999
SECOND_TRA_CODE = 99998
DEMO_PASSWORD = "demo-password-123"  # noqa: S105 (printed for local demos only)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    authority: TrafficAuthority


DEMO_AUTHORITIES = [
    (DEMO_TRA_CODE, "Demo County Council"),
    (SECOND_TRA_CODE, "Second Borough Council"),
]
DEMO_PEOPLE = [
    ("officer@demo.example", Role.OFFICER, DEMO_TRA_CODE, False),
    ("supervisor@demo.example", Role.SUPERVISOR, DEMO_TRA_CODE, True),
    ("officer@second.example", Role.OFFICER, SECOND_TRA_CODE, False),
]


@transaction.atomic
def create_demo_data() -> list[DemoLogin]:
    User = get_user_model()
    authorities = {}
    for code, name in DEMO_AUTHORITIES:
        authorities[code], _ = TrafficAuthority.objects.get_or_create(
            code=code, defaults={"name": name}
        )
    logins = []
    for email, role, code, staff in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(username=email, email=email, password=DEMO_PASSWORD)
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        Membership.objects.update_or_create(
            user=user, authority=authorities[code], defaults={"role": role, "is_active": True}
        )
        logins.append(DemoLogin(email, DEMO_PASSWORD, role.label, authorities[code]))
    return logins


def create_demo_dtros() -> int:
    """A few D-TROs for the demo TRA, one in each early state, so the pages are not empty:
    a draft, one awaiting approval and one approved (the worker publishes it to the
    sandbox when `make run` starts). Only when the TRA has none yet. Returns how many."""

    authority = TrafficAuthority.objects.get(code=DEMO_TRA_CODE)
    if Dtro.objects.filter(authority=authority).exists():
        return 0
    User = get_user_model()
    officer = User.objects.get(email="officer@demo.example")
    supervisor = User.objects.get(email="supervisor@demo.example")
    template = example_document()
    made = []
    for label in ("draft", "awaiting approval", "approved"):
        document = with_tra(template, authority.code, name_suffix=f"(demo, {label})")
        made.append(create_dtro(authority=authority, user=officer, document=document))
    send_for_approval(_first_revision(made[1]), user=officer)
    approve(send_for_approval(_first_revision(made[2]), user=officer), user=supervisor)
    return len(made)


def _first_revision(dtro: Dtro) -> Revision:
    revision = dtro.current_revision
    if revision is None:  # create_dtro always drafts one
        raise ValueError(f"D-TRO {dtro.pk} has no revision")
    return revision
