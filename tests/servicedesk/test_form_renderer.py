"""The form renderer (`servicedesk/form_renderer.py`): Django's own form templates
through Jinja2 with unchanged markup, and the Bootstrap 5 field groups of the busiest
staff pages."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates

import pytest

from servicedesk.form_renderer import BootstrapFormRenderer, FormRenderer

CHOICES = [("", "Any"), ("a", "Alpha & <b>"), ("b", "Beta")]


class EveryWidgetForm(forms.Form):
    text = forms.CharField(max_length=5, help_text="At most five letters.")
    search = forms.CharField(required=False, widget=forms.TextInput({"type": "search"}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput({"type": "date"}))
    note = forms.CharField(required=False, widget=forms.Textarea({"rows": 2}))
    kind = forms.ChoiceField(choices=CHOICES)
    kinds = forms.MultipleChoiceField(required=False, choices=CHOICES[1:])
    radio = forms.ChoiceField(
        required=False, choices=CHOICES[1:], widget=forms.RadioSelect
    )
    boxes = forms.MultipleChoiceField(
        required=False, choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(required=False)
    file = forms.FileField(required=False)
    secret = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The form as a whole is wrong <here>.")


def _squeeze(html: str) -> str:
    """Return the markup with runs of white space as one space, and the two
    spellings of an escaped quote (Django's `&quot;`, `&#x27;` and Jinja2's `&#34;`,
    `&#39;`) as one."""
    text = re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()
    return text.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")


BOUND = {
    "text": "too long <script>",
    "email": "not-an-e-mail",
    "number": "x",
    "day": "2026-02-30",
    "note": 'Quotes " and <tags>',
    "kind": "a",
    "kinds": ["a", "b"],
    "radio": "b",
    "boxes": ["a"],
    "agree": "on",
    "secret": "s",
}


@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "with-errors"])
def test_each_django_template_gives_the_same_markup_as_djangos_own_engine(data):
    ours = EveryWidgetForm(data, renderer=FormRenderer())
    django_own = EveryWidgetForm(data, renderer=DjangoTemplates())
    for name in EveryWidgetForm.base_fields:
        assert _squeeze(ours[name]) == _squeeze(django_own[name]), name
        assert _squeeze(ours[name].errors) == _squeeze(django_own[name].errors), name
        assert _squeeze(ours[name].label_tag()) == _squeeze(
            django_own[name].label_tag()
        )
    assert _squeeze(ours.non_field_errors()) == _squeeze(django_own.non_field_errors())
    assert _squeeze(ours.as_div()) == _squeeze(django_own.as_div())


def test_values_are_escaped():
    html = str(EveryWidgetForm(BOUND, renderer=FormRenderer())["note"])
    assert "Quotes &#34; and &lt;tags&gt;" in html
    assert '"' not in html.split(">", 1)[1]
    assert "<tags>" not in html
    options = str(EveryWidgetForm(renderer=FormRenderer())["kind"])
    assert "Alpha &amp; &lt;b&gt;" in options


def test_the_project_form_renderer_is_the_default(settings):
    assert settings.FORM_RENDERER == "servicedesk.form_renderer.FormRenderer"
    assert isinstance(EveryWidgetForm().renderer, FormRenderer)


class FilterForm(forms.Form):
    default_renderer = BootstrapFormRenderer

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=3,
        help_text="A number or a name.",
        widget=forms.TextInput({"class": "own", "type": "search"}),
    )
    status = forms.ChoiceField(label="Status", choices=CHOICES)
    urgent = forms.BooleanField(label="Urgent only", required=True)


def test_a_bootstrap_group_links_label_control_help_and_errors():
    form = FilterForm({"q": "toolong", "status": "", "urgent": ""})
    html = _squeeze(form["q"].as_field_group())
    assert '<div id="div_id_q" class="mb-3">' in html
    assert '<label for="id_q" class="form-label">Search</label>' in html
    control = re.search(r"<input [^>]*>", html).group(0)
    assert 'class="own form-control is-invalid"' in control  # its own class kept
    assert 'aria-invalid="true"' in control
    assert 'aria-describedby="id_q_helptext id_q_error"' in control
    assert '<div id="id_q_error" class="invalid-feedback">' in html
    assert '<p id="error_1_id_q"><strong>Ensure this value has at most 3' in html
    assert '<div id="id_q_helptext" class="form-text">A number or a name.</div>' in html


def test_a_required_field_is_marked_and_a_select_is_a_form_select():
    form = FilterForm()
    html = _squeeze(form["status"].as_field_group())
    assert (
        '<label for="id_status" class="form-label requiredField">'
        'Status<span class="asteriskField">*</span></label>'
    ) in html
    assert '<select name="status" class="form-select" required id="id_status">' in html
    assert "is-invalid" not in html and "invalid-feedback" not in html


def test_a_checkbox_is_a_form_check_with_its_label_after_the_box():
    html = _squeeze(FilterForm({})["urgent"].as_field_group())
    assert '<div id="div_id_urgent" class="mb-3 form-check">' in html
    box = html.index('type="checkbox"')
    assert 'class="form-check-input is-invalid"' in html
    assert html.index('<label for="id_urgent" class="form-check-label') > box


def test_a_whole_form_shows_its_own_errors_hidden_fields_and_its_button():
    class ActionLike(forms.Form):
        default_renderer = BootstrapFormRenderer
        submit = "Send it"
        css_class = "btn-outline-danger"

        key = forms.CharField(widget=forms.HiddenInput)
        text = forms.CharField(label="Text")

        def clean(self):
            raise forms.ValidationError("Not now.")

    data = {"reject-key": "k", "reject-text": "t"}
    html = _squeeze(ActionLike(data, prefix="reject"))
    alert = '<div class="alert alert-block alert-danger"><ul class="m-0"><li>Not now.'
    assert alert in html
    hidden = '<input type="hidden" name="reject-key" value="k" id="id_reject-key">'
    assert hidden in html
    assert 'id="div_id_reject-text"' in html
    assert (
        '<input type="submit" name="submit" value="Send it" '
        'class="btn btn-outline-danger" id="submit-reject">'
    ) in html
    assert "is-invalid" not in html  # the text was given


def test_the_admin_widgets_still_render_with_djangos_engine(admin_client):
    from django.urls import reverse

    response = admin_client.get(reverse("admin:requests_app_service_add"))
    assert response.status_code == 200
    # RelatedFieldWidgetWrapper: a template only Django's engine has.
    assert "related-widget-wrapper" in response.text
