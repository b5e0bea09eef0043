"""The models of requests_app, one module per concern; imported from here."""

from requests_app.models.accounts import CitizenLoginToken, User
from requests_app.models.audit import AuditEntry
from requests_app.models.calendar import CalendarDay
from requests_app.models.casework import EventKind, Extension, RequestEvent
from requests_app.models.catalogue import (
    Department,
    ExtensionReason,
    QuestionKind,
    Service,
    ServiceQuestion,
    ServiceSearchTerm,
    ServiceVariant,
)
from requests_app.models.figures import (
    DayFigures,
    DayHandling,
    DayRepeatExtension,
    FiguresDirtyDay,
    MonthHandling,
)
from requests_app.models.outbox import Notice
from requests_app.models.requests import (
    Attachment,
    Channel,
    CitizenRequest,
    RegistryCounter,
    RequestAnswer,
    attachment_path,
)

__all__ = [
    "Attachment",
    "AuditEntry",
    "CalendarDay",
    "Channel",
    "CitizenLoginToken",
    "CitizenRequest",
    "DayFigures",
    "DayHandling",
    "DayRepeatExtension",
    "Department",
    "EventKind",
    "Extension",
    "ExtensionReason",
    "FiguresDirtyDay",
    "MonthHandling",
    "Notice",
    "QuestionKind",
    "RegistryCounter",
    "RequestAnswer",
    "RequestEvent",
    "Service",
    "ServiceQuestion",
    "ServiceSearchTerm",
    "ServiceVariant",
    "User",
    "attachment_path",
]
