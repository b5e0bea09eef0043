from django.urls import path

from . import views

app_name = "requests_app"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.catalogue, name="catalogue"),
    path("track/", views.track_lookup, name="track-lookup"),
    path("staff/", views.staff_home, name="staff-home"),
]
