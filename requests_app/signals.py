"""Hooks for other apps (requests_app imports none of them).

`request_status_changed` is sent inside the transaction of `request_transition`, after
the status is saved, with `citizen_request`, `event` and `by`. Receivers call their own
services (e.g. feedback invites the citizen to a survey when a request is closed); what
they write commits or rolls back with the change.
"""

from django.dispatch import Signal

request_status_changed = Signal()
