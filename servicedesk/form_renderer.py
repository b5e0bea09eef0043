"""Form renderers: Django's own form templates through Jinja2, the rest as usual.

Django ships every template under `django/forms/` (widgets, select options, error
lists, labels) for both template engines, with the same markup. A select of 80
services renders option by option about ten times faster in Jinja2 than in Django's
template language, so `FormRenderer` (the project's FORM_RENDERER) takes those, and
the project's own Bootstrap field templates under `servicedesk/jinja2/forms/`, from
Jinja2. Every other template (the admin's widgets, crispy-forms' layouts) exists for
Django's engine only and is rendered by it, as before.

`BootstrapFormRenderer` is for the forms of the busiest staff pages (the queue's
filters, the case actions): each field is a Bootstrap 5 group (label, control,
errors, help) with the markup crispy-forms gives the other forms, in a fraction of
the time.
"""

from functools import cache
from pathlib import Path

import django
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.template.backends.jinja2 import Jinja2

OWN_TEMPLATES = Path(__file__).resolve().parent / "jinja2"
DJANGO_TEMPLATES = Path(django.__file__).resolve().parent / "forms" / "jinja2"
JINJA2_PREFIXES = ("django/forms/", "forms/")


@cache
def _jinja2() -> Jinja2:
    """Return the one Jinja2 engine of the process (it keeps compiled templates)."""
    return Jinja2(
        {
            "APP_DIRS": False,
            "DIRS": [OWN_TEMPLATES, DJANGO_TEMPLATES],
            "NAME": "forms-jinja2",
            "OPTIONS": {},
        }
    )


@cache
def _django() -> DjangoTemplates:
    return DjangoTemplates()


class FormRenderer(BaseRenderer):
    """Render `django/forms/...` and `forms/...` with Jinja2, any other template
    with Django's engine. Every instance shares the engines, so a form may make its
    own renderer without compiling anything again."""

    def get_template(self, template_name: str):
        if template_name.startswith(JINJA2_PREFIXES):
            return _jinja2().get_template(template_name)
        return _django().get_template(template_name)


class BootstrapFormRenderer(FormRenderer):
    """Render a whole form, or one field with `field.as_field_group`, as Bootstrap 5
    groups (see the module's docstring)."""

    form_template_name = "forms/bootstrap5/form.html"
    field_template_name = "forms/bootstrap5/field.html"
