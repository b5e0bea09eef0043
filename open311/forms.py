"""Input parsing of the Open311 API: POST fields, attributes and GET filters.

Every problem becomes an `Open311Error(400, ...)` with a description per problem;
nothing here saves anything.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from requests_app.dates import answer_range
from requests_app.forms.fields import EmailAddressField
from requests_app.models import QuestionKind, Service, ServiceQuestion
from requests_app.questions import question_choices

from .errors import Open311Error
from .ids import request_id_candidates

MAX_WINDOW = timedelta(days=90)
MAX_IDS = 1000
MAX_ATTRIBUTE_LENGTH = 1000
ATTRIBUTE_KEY = re.compile(r"^attribute\[(?P<code>.*)\]$", re.DOTALL)


class RequestCreateForm(forms.Form):
    """The form-encoded fields of POST requests (GeoReport v2)."""

    service_code = forms.CharField(max_length=50)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    long = forms.FloatField(required=False, min_value=-180, max_value=180)
    address_string = forms.CharField(max_length=300, required=False)
    address_id = forms.CharField(max_length=100, required=False)
    email = EmailAddressField(required=False)
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    phone = forms.CharField(max_length=50, required=False)
    description = forms.CharField(max_length=4000, required=False)
    media_url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    device_id = forms.CharField(max_length=100, required=False)
    account_id = forms.CharField(max_length=100, required=False)

    error_messages = {
        "half_coordinates": _("Send both lat and long, or neither."),
        "location_missing": _(
            "A location is required: lat and long, address_string or address_id."
        ),
    }

    def clean(self) -> dict:
        data = super().clean()
        has_lat = data.get("lat") is not None
        has_long = data.get("long") is not None
        if has_lat != has_long:
            raise forms.ValidationError(
                self.error_messages["half_coordinates"], code="half_coordinates"
            )
        has_place = has_lat or data.get("address_string") or data.get("address_id")
        bad_coordinates = any(name in self.errors for name in ("lat", "long"))
        if not has_place and not bad_coordinates:
            raise forms.ValidationError(
                self.error_messages["location_missing"], code="location_missing"
            )
        return data


def form_errors(form: forms.Form) -> Open311Error:
    """Return the 400 error listing every problem of a bound, invalid form."""
    descriptions = []
    for field, errors in form.errors.items():
        for message in errors:
            descriptions.append(
                message if field == "__all__" else f"{field}: {message}"
            )
    return Open311Error(400, *descriptions)


def coordinate(value: float | None) -> Decimal | None:
    """Return a coordinate as the six decimals the database keeps."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def _choice_answer(question: ServiceQuestion, value: str) -> str | None:
    keys = {key for key, _label in question_choices(question)}
    return value if value in keys else None


def _date_answer(value: str) -> str | None:
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        try:
            parsed = timezone.localtime(parsed)
        except (OverflowError, ValueError):
            return None
    return parsed.date().isoformat()


def _number_answer(value: str) -> str | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        return None
    return format(number.normalize(), "f")


def attributes_clean(
    *, service: Service, data: QueryDict
) -> dict[ServiceQuestion, str]:
    """Return the answers to the service's questions sent as `attribute[code]`."""
    questions = {question.code: question for question in service.questions.all()}
    answers: dict[ServiceQuestion, str] = {}
    problems: list[str] = []
    sent: set[str] = set()  # codes with a value, good or bad
    for key in data:
        match = ATTRIBUTE_KEY.match(key)
        if match is None:
            continue
        code = match["code"]
        question = questions.get(code)
        if question is None:
            problems.append(
                gettext("attribute[%(code)s]: this service has no such attribute.")
                % {"code": code[:50]}
            )
            continue
        values = data.getlist(key)
        value = values[-1].strip() if values else ""
        if value:
            sent.add(code)
        if len(values) > 1:
            problems.append(
                gettext("attribute[%(code)s]: send one value only.") % {"code": code}
            )
            continue
        if not value:
            continue
        answer = _answer(question, value)
        if answer is None:
            problems.append(_bad_value(question))
        elif (out_of_range := _date_range_problem(question, answer)) is not None:
            problems.append(out_of_range)
        else:
            answers[question] = answer
    for question in questions.values():
        if question.is_required and question.code not in sent:
            problems.append(
                gettext("attribute[%(code)s]: this attribute is required.")
                % {"code": question.code}
            )
    if problems:
        raise Open311Error(400, *problems)
    return answers


def _answer(question: ServiceQuestion, value: str) -> str | None:
    if "\x00" in value or len(value) > MAX_ATTRIBUTE_LENGTH:
        return None
    if question.kind == QuestionKind.CHOICE:
        return _choice_answer(question, value)
    if question.kind == QuestionKind.DATE:
        return _date_answer(value)
    if question.kind == QuestionKind.NUMBER:
        return _number_answer(value)
    return value


def _date_range_problem(question: ServiceQuestion, answer: str) -> str | None:
    """Return why a date answer lies outside the question's range, or None."""
    if question.kind != QuestionKind.DATE:
        return None
    allowed = answer_range(limit=question.date_limit, today=timezone.localdate())
    if date.fromisoformat(answer) in allowed:
        return None
    return gettext(
        "attribute[%(code)s]: expected a date from %(earliest)s to %(latest)s."
    ) % {
        "code": question.code,
        "earliest": allowed.earliest.isoformat(),
        "latest": allowed.latest.isoformat(),
    }


def _bad_value(question: ServiceQuestion) -> str:
    expected = {
        QuestionKind.CHOICE: gettext(
            "one of the keys listed in the service definition"
        ),
        QuestionKind.DATE: gettext("a date written YYYY-MM-DD"),
        QuestionKind.NUMBER: gettext("a number"),
    }.get(
        QuestionKind(question.kind),
        gettext("text of at most %(count)s characters")
        % {"count": MAX_ATTRIBUTE_LENGTH},
    )
    return gettext("attribute[%(code)s]: expected %(expected)s.") % {
        "code": question.code,
        "expected": expected,
    }


@dataclass(frozen=True)
class RequestFilter:
    """The filters of GET requests, parsed and checked."""

    registry_numbers: list[str] | None = None
    service_codes: list[str] | None = None
    is_open: bool | None = None
    submitted_from: datetime | None = None
    submitted_to: datetime | None = None


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _moment(name: str, value: str) -> datetime:
    """Parse a W3C / ISO 8601 datetime (or date); no offset means local time."""
    problem = Open311Error(
        400,
        gettext(
            "%(name)s: expected an ISO 8601 date and time, e.g. 2026-11-24T09:00:00Z."
        )
        % {"name": name},
    )
    if len(value) > 40:
        raise problem
    try:
        parsed = datetime.fromisoformat(value)
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise problem from None


def request_filter_parse(params: QueryDict, *, now: datetime) -> RequestFilter:
    """Return the filters of GET requests.

    `service_request_id` overrides every other filter, as the standard says. Without
    dates the window is the last 90 days; with one date the window runs 90 days from it.
    """
    ids = _comma_list(params.get("service_request_id", ""))
    if ids:
        if len(ids) > MAX_IDS:
            raise Open311Error(
                400,
                gettext("service_request_id: at most %(count)s ids at once.")
                % {"count": MAX_IDS},
            )
        numbers = [number for given in ids for number in request_id_candidates(given)]
        return RequestFilter(registry_numbers=numbers)
    codes = _comma_list(params.get("service_code", "")) or None
    statuses = set(_comma_list(params.get("status", "").lower()))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, gettext("status: expected open, closed or both."))
    is_open = None if len(statuses) != 1 else statuses == {"open"}
    start_text = params.get("start_date", "").strip()
    end_text = params.get("end_date", "").strip()
    start = _moment("start_date", start_text) if start_text else None
    end = _moment("end_date", end_text) if end_text else None
    try:
        if start is None and end is None:
            end = now
            start = now - MAX_WINDOW
        elif start is None:
            start = end - MAX_WINDOW
        elif end is None:
            end = start + MAX_WINDOW
    except OverflowError:
        raise Open311Error(
            400, gettext("start_date, end_date: the dates are out of range.")
        ) from None
    if end < start:
        raise Open311Error(400, gettext("end_date: must not be before start_date."))
    if end - start > MAX_WINDOW:
        raise Open311Error(400, gettext("start_date, end_date: at most 90 days apart."))
    return RequestFilter(
        service_codes=codes, is_open=is_open, submitted_from=start, submitted_to=end
    )
