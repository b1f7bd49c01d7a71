"""What every client of an outside service shares: the D-TRO service and Street Manager.

- `errors`: one classification of a failed call. Permanent (do not send it again as is),
  transient (may succeed later; rate limited is transient with a `retry_after`) and unknown
  outcome (a write may have been applied: find out before resending), each with its why.
- `network`: what a request that got no HTTP answer means (not sent, no answer, bad URL).
- `tokens`: access tokens cached under a key the client chooses, shared by every process
  through the Django cache and encrypted there.
- `backoff`: exponential backoff with jitter, with the service's Retry-After as a floor.
- `models.OutboundCall` and `calls`: one record of every outbound call, whichever service,
  with secrets scrubbed from anything stored.

Each client (`dtro_app.client`, `streetworks.client`) keeps only what its service has of its
own: endpoints, the D-TRO duplicate rule, Street Manager's sign-in refusals.
"""
