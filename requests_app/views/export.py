"""The staff page for a data-subject access request: everything held about a citizen.

Department heads export the requests of their departments, complaint officers the
complaints (`requests_app.services.export`); everyone else gets 404. Behind the staff
login and two-factor sign-in; the address is sent by POST, never in the URL.
"""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from requests_app.forms.export import CitizenExportForm
from requests_app.models import User
from requests_app.services.export import citizen_export, citizen_export_allowed
from requests_app.two_factor import staff_viewer


@never_cache
def citizen_export_page(request: HttpRequest) -> HttpResponse:
    viewer = staff_viewer(request)
    if not citizen_export_allowed(viewer):
        raise Http404
    assert isinstance(viewer, User)
    form = CitizenExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = citizen_export(viewer=viewer, email=form.cleaned_data["email"])
        if not export.is_empty:
            return FileResponse(
                export.archive,
                as_attachment=True,
                filename=export.filename,
                content_type="application/zip",
            )
        export.archive.close()
        return render(
            request,
            "requests_app/staff_export.html",
            {"form": form, "nothing_found": True},
        )
    return render(request, "requests_app/staff_export.html", {"form": form})
