"""The portal's Celery app with reconciliation switched off, for `delivery_chaos.py --sabotage
reconcile-off` (proof that the chaos check can fail). Production code is untouched: each
worker process replaces three functions of `dtro_app.publishing.reconcile` after it starts.

    python -m celery -A bench.sabotage_worker worker ...

With them gone, a create whose answer was lost is sent again instead of adopted (the
sandbox, with duplicate refusal off, stores a second record) and an update that landed is
applied a second time.
"""

from __future__ import annotations

from typing import Any

from celery.signals import worker_process_init

from portal.celery import app

__all__ = ["app"]


def _sabotage(**_: Any) -> None:
    from dtro_app.publishing import reconcile

    reconcile.find_created = lambda client, submission: None
    reconcile.update_applied = lambda client, service_id, envelope: False
    # Reruns of an update read the record once and compare it themselves: blind them too.
    reconcile.held_record = lambda client, service_id: None


# Each prefork pool process (where tasks run) patches itself once Django is set up.
worker_process_init.connect(_sabotage, weak=False)
