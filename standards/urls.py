from django.urls import path

from standards import views, views_performance

app_name = "standards"

urlpatterns = [
    path("standards/", views.standards_page, name="standards"),
    path("standards/<int:number>/", views.standards_page, name="standards-version"),
    path("standards.pdf", views.standards_pdf, name="standards-pdf"),
    path("charter/", views.charter, name="charter"),
    path("reports/", views.reports_archive, name="archive"),
    path("performance/", views_performance.performance, name="performance"),
    path(
        "performance/performance.csv",
        views_performance.performance_download,
        name="performance-csv",
    ),
    path("reports/<int:pk>/report.<str:fmt>", views.report_file, name="report-file"),
    path("staff/dashboard/", views.dashboard, name="dashboard"),
    path("staff/dashboard/reports/", views.report_generate, name="report-generate"),
    path(
        "staff/dashboard/reports/<int:pk>/",
        views.report_status,
        name="report-status",
    ),
    path(
        "staff/dashboard/reports/<int:pk>/publish/",
        views.report_publish,
        name="report-publish",
    ),
    path(
        "staff/dashboard/reports/<int:pk>/withdraw/",
        views.report_withdraw,
        name="report-withdraw",
    ),
    path("staff/dashboard/comments/", views.comment_create, name="comment-create"),
    path("staff/targets/", views.target_list, name="target-list"),
    path("staff/targets/add/", views.target_add, name="target-add"),
    path("staff/targets/<int:pk>/", views.target_edit, name="target-edit"),
    path(
        "staff/targets/<int:pk>/delete/",
        views.target_delete,
        name="target-delete",
    ),
]
