"""Which notices carry a secret link in their body, decided by the notice's kind.

The outbox keeps the text of every notice as it was sent. Some texts hold a link that
opens a citizen's data, or acts for the citizen, without a password: whoever reads such
a body can do what the citizen can. Those bodies are shown to nobody (the outbox in the
admin shows their subject and delivery only).

A service that writes a notice with such a link names its kind here; the tests write
every kind through its service and check this list against the bodies.
"""

# Every notice to the citizen of a request (`outbox.citizen_notice_create`: the
# acknowledgement, the link sent again, status changes, messages, extensions and
# referrals) ends with the tracking link, which opens the case and answers on it: by
# e-mail, in the SMS and in the letter alike.
TRACKING_LINK_KINDS = frozenset(
    {"acknowledgement", "tracking_link", "extension", "calendar_move", "referral"}
)
TRACKING_LINK_KIND_PREFIXES = ("status:", "message:")
# The one-time sign-in link (`citizen_auth.citizen_login_start`).
SIGN_IN_LINK_KINDS = frozenset({"citizen_login"})
# The links that record a satisfaction score (`feedback.services.surveys`).
SURVEY_LINK_KINDS = frozenset({"survey_invitation"})

SECRET_LINK_KINDS = TRACKING_LINK_KINDS | SIGN_IN_LINK_KINDS | SURVEY_LINK_KINDS
SECRET_LINK_KIND_PREFIXES = TRACKING_LINK_KIND_PREFIXES


def notice_kind_has_secret_link(kind: str) -> bool:
    """Return whether notices of `kind` carry a secret link in their body."""
    return kind in SECRET_LINK_KINDS or kind.startswith(SECRET_LINK_KIND_PREFIXES)


# Every kind of notice to the citizen of a request, each in the three forms: an e-mail,
# an SMS (`requests_app/sms/<kind>.txt`, ":" as "_", else the part before ":") and a
# letter (the e-mail's text). A test renders each SMS with long values.
CITIZEN_REQUEST_NOTICE_KINDS = (
    "acknowledgement",
    "tracking_link",
    "extension",
    "calendar_move",
    "referral",
    "status:in_progress",
    "status:waiting",
    "status:closed",
    "status:rejected",
    "message:request_documents",
    "message:answer",
    "message:other",
)
