"""Who may see the letters about complaints and suggestions in the letters batch.

A letter carries the filer's name, postal address and the text of the notice, so it is
as confidential as the case. `requests_app.selectors.letters` asks this app (through
`FeedbackConfig.letter_reach`) which letters without a request a viewer may see.

A notice tells which case it belongs to by its dedupe key, which every notice to a
filer has (`feedback.services.notify`): `feedback:complaint:<pk>:…` or
`feedback:suggestion:<pk>:…`. A complaint letter is seen by exactly those who may read
the complaint (`complaint_list_for`: complaint officers, never the clerk it names); a
suggestion letter by those who may respond to suggestions; anybody else sees none.
"""

from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import StartsWith

from feedback.selectors.complaints import complaint_list_for
from feedback.selectors.roles import (
    Viewer,
    can_respond_suggestions,
    is_complaint_officer,
)
from requests_app.models.requests import NotifyBy

# The start of the dedupe key of every notice to a filer or a contributor.
COMPLAINT_KEY = "feedback:complaint:"
SUGGESTION_KEY = "feedback:suggestion:"


def feedback_letter_reach(viewer: Viewer) -> Q:
    """Return the filter of the letters about complaints and suggestions `viewer` may
    see (a filter over `requests_app.models.Notice`)."""
    reach = Q(pk__in=[])
    if not viewer.is_authenticated or not viewer.is_active:
        return reach
    if is_complaint_officer(viewer):
        readable = (
            complaint_list_for(viewer=viewer)
            .annotate(
                key_prefix=Concat(
                    Value(COMPLAINT_KEY),
                    Cast("pk", output_field=CharField()),
                    Value(":"),
                    output_field=CharField(),
                )
            )
            .filter(StartsWith(OuterRef("dedupe_key"), F("key_prefix")))
        )
        reach |= Q(Exists(readable))
    if can_respond_suggestions(viewer):
        reach |= Q(dedupe_key__startswith=SUGGESTION_KEY)
    return Q(channel=NotifyBy.POST) & reach
