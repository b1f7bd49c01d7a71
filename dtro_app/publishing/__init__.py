"""Guaranteed delivery of approved changes to the D-TRO service (the outbox worker side).

`outbox` claims, schedules and sweeps rows; `runner` sends one claimed row and decides
its next state; `reconcile` finds what the service already holds after an unknown
outcome or a duplicate rejection; `outage` probes and drains an environment that stopped
answering. The Celery tasks in `tasks` only call these.
"""
