from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("Standards and reports")
    # Called by `manage.py load_demo` after the feedback demo.
    demo_loader = "standards.demo.load_standards_demo"
