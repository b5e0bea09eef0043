"""The site's URLs and error handlers, plus a view that fails as the test asks."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from servicedesk.urls import handler500
from servicedesk.urls import urlpatterns as site_urlpatterns

FAILURES = {
    "operational": OperationalError("server closed the connection unexpectedly"),
    "interface": InterfaceError("connection already closed"),
    "programming": DatabaseError("relation does not exist"),
    "bug": ValueError("a plain bug"),
}


@login_not_required
def fail(request: HttpRequest, kind: str) -> HttpResponse:
    raise FAILURES[kind]


urlpatterns = [path("fail/<slug:kind>/", fail), *site_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
