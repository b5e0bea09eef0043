from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "requests_app/home.html")


@login_not_required
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "requests_app/home.html")  # TODO(#2): the catalogue


@login_not_required
def track_lookup(request: HttpRequest) -> HttpResponse:
    return render(request, "requests_app/home.html")  # TODO(#2): the lookup form


def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "requests_app/home.html")  # TODO(#3): the queue
