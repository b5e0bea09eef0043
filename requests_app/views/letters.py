"""Letters to post: the day's batch as a list and as one PDF, and marking it posted.

The page and the PDF show the same letters: those waiting that the viewer may see, up
to the newest one listed when the page was drawn (`upto`), so that a letter written
while the batch was being printed is neither printed nor marked, and waits for the
next batch.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_POST

from requests_app.models import Notice, User
from requests_app.pdf import render_pdf
from requests_app.selectors.letters import (
    letter_address_lines,
    letter_rows,
    letter_signature,
    letters_waiting_for,
)
from requests_app.services.letters import letters_mark_posted
from requests_app.two_factor import staff_viewer

# The most letters in one batch; the rest wait for the next.
LETTERS_BATCH_SIZE = 200


def _upto(request: HttpRequest) -> int | None:
    value = request.GET.get("upto") or request.POST.get("upto") or ""
    return int(value) if value.isdigit() and len(value) < 18 else None


def _viewer(request: HttpRequest) -> User:
    """Return the member of staff; letters hold addresses: a verified session only."""
    viewer = staff_viewer(request)
    if not isinstance(viewer, User):
        raise Http404
    return viewer


def _batch(viewer: User, upto: int | None) -> list[Notice]:
    letters = letters_waiting_for(viewer=viewer)
    if upto is not None:
        letters = letters.filter(pk__lte=upto)
    return list(letters[:LETTERS_BATCH_SIZE])


def letters(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    batch = _batch(_viewer(request), None)
    rows = letter_rows(letters=batch, today=today)
    context = {
        "rows": rows,
        "today": today,
        "late": sum(row.is_late for row in rows),
        "upto": max((notice.pk for notice in batch), default=0),
        "batch_size": LETTERS_BATCH_SIZE,
        "is_full": len(batch) == LETTERS_BATCH_SIZE,
    }
    return render(request, "requests_app/staff_letters.html", context)


def letters_pdf(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    batch = _batch(_viewer(request), _upto(request))
    names = settings.MUNICIPALITY_NAME
    addresses = settings.MUNICIPALITY_ADDRESS
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    context = {
        "today": today,
        "municipality_address": addresses.get(language, addresses["bg"]),
        "return_name": names.get(language, names["bg"]),
        "letters": [
            {
                "row": row,
                "address": letter_address_lines(notice=row.notice),
                "signature": letter_signature(notice=row.notice),
            }
            for row in letter_rows(letters=batch, today=today)
        ],
    }
    pdf = render_pdf("requests_app/pdf/letters.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"letters-{today.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
def letters_posted(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    upto = _upto(request)
    today = timezone.localdate()
    if upto is None:
        messages.error(request, gettext("Download and print the letters first."))
        return redirect("requests_app:staff-letters")
    batch = _batch(viewer, upto)
    count = letters_mark_posted(
        viewer=viewer, notice_ids=[notice.pk for notice in batch], today=today
    )
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d letter recorded as posted on %(day)s.",
                "%(count)d letters recorded as posted on %(day)s.",
                count,
            )
            % {"count": count, "day": date_format(today, "DATE_FORMAT")},
        )
    else:
        messages.info(
            request, gettext("These letters were recorded as posted already.")
        )
    return redirect("requests_app:staff-letters")
