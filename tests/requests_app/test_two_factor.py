"""Staff two-factor sign-in: password, then a code from the app or a recovery code.

Codes are real TOTP codes computed from the device's own key (django_otp.oath.TOTP).
The first app is set up only with a one-time enrolment code from an administrator.
"""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.utils import timezone

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.admin_two_factor import admin_enrolment_code_issue
from requests_app.errors import ServiceError
from requests_app.models import AuditEntry, User
from requests_app.roles import Role
from requests_app.two_factor import (
    RECOVERY_CODE_COUNT,
    enrolment_code_format,
    enrolment_code_is_valid,
    enrolment_code_issue,
    two_factor_reset,
)

from .casework_helpers import clerk, department
from .factories import StaffFactory

pytestmark = pytest.mark.django_db

QUEUE = "/en/staff/queue/"
LOGIN = "/en/staff/login/"
CODE_STEP = "/en/staff/login/code/"
SETUP = "/en/staff/login/setup/"
RECOVERY = "abcd2345"


@pytest.fixture
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


@pytest.fixture
def maria():
    return clerk(department(), username="maria")


@pytest.fixture
def administrator():
    return StaffFactory(username="root", is_superuser=True, role=Role.ADMINISTRATOR)


def enrol(user) -> TOTPDevice:
    """Give `user` a confirmed app and one recovery code, RECOVERY."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="recovery")
    StaticToken.objects.create(device=static, token=RECOVERY)
    return device


def code_for(device: TOTPDevice, *, seconds_ago: float = 0) -> str:
    """Return the code the app shows now (or `seconds_ago`), from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() - seconds_ago
    return f"{totp.token():06d}"


def sign_in_with_password(client, username: str = "maria", next_url: str = QUEUE):
    return client.post(
        LOGIN, {"username": username, "password": "demo12345", "next": next_url}
    )


def issue_code(user, by=None) -> str:
    """Return an enrolment code for `user`, as an administrator hands it over."""
    by = by or StaffFactory(role=Role.ADMINISTRATOR)
    return enrolment_code_format(enrolment_code_issue(user=user, by=by))


def start_enrolment(client, user) -> TOTPDevice:
    """Enter a fresh enrolment code on the set-up page; return the app to set up."""
    response = client.post(SETUP, {"enrolment_code": issue_code(user)})
    assert response.status_code == 302
    return TOTPDevice.objects.get(user=user, confirmed=False)


def code_step(next_url: str = QUEUE) -> str:
    return f"{CODE_STEP}?next={next_url.replace('/', '%2F')}"


def send_code(client, code: str, next_url: str = QUEUE):
    return client.post(code_step(next_url), {"code": code})


@pytest.mark.usefixtures("two_factor_on")
class TestCodeStep:
    def test_password_alone_does_not_reach_the_queue(self, client, maria):
        enrol(maria)

        response = sign_in_with_password(client)

        assert response.status_code == 302
        assert response["Location"] == code_step()
        queue = client.get(QUEUE)
        assert queue.status_code == 302
        assert queue["Location"] == code_step()

    def test_a_valid_code_reaches_the_queue(self, client, maria):
        device = enrol(maria)
        sign_in_with_password(client)

        response = send_code(client, code_for(device))

        assert response.status_code == 302
        assert response["Location"] == QUEUE
        assert client.get(QUEUE).status_code == 200

    def test_the_code_may_be_typed_with_a_space(self, client, maria):
        device = enrol(maria)
        sign_in_with_password(client)
        code = code_for(device)

        response = send_code(client, f"{code[:3]} {code[3:]}")

        assert response["Location"] == QUEUE

    def test_a_wrong_code_shows_an_error_and_stays(self, client, maria):
        device = enrol(maria)
        sign_in_with_password(client)
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

        response = send_code(client, wrong)

        assert response.status_code == 200
        assert "This code is not valid" in response.text
        assert client.get(QUEUE).status_code == 302

    def test_a_code_used_once_is_refused_the_second_time(self, client, maria):
        device = enrol(maria)
        code = code_for(device)
        sign_in_with_password(client)
        assert send_code(client, code)["Location"] == QUEUE
        client.post("/en/staff/logout/")

        sign_in_with_password(client)
        response = send_code(client, code)

        assert response.status_code == 200
        assert "expired or has already been used" in response.text
        assert client.get(QUEUE).status_code == 302

    def test_an_expired_code_is_refused(self, client, maria):
        device = enrol(maria)
        sign_in_with_password(client)

        response = send_code(client, code_for(device, seconds_ago=180))

        assert response.status_code == 200
        assert "expired or has already been used" in response.text
        assert client.get(QUEUE).status_code == 302

    def test_a_recovery_code_works_once(self, client, maria):
        enrol(maria)
        sign_in_with_password(client)

        assert send_code(client, RECOVERY.upper())["Location"] == QUEUE
        assert client.get(QUEUE).status_code == 200
        client.post("/en/staff/logout/")
        sign_in_with_password(client)
        again = send_code(client, RECOVERY)

        assert again.status_code == 200
        assert "This code is not valid" in again.text
        assert not StaticToken.objects.filter(token=RECOVERY).exists()

    def test_after_a_wrong_code_even_the_right_one_waits(self, client, maria):
        """django-otp throttles: 1, 2, 4... seconds after each wrong code."""
        device = enrol(maria)
        sign_in_with_password(client)
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        send_code(client, wrong)
        send_code(client, wrong)  # refused unchecked: still within the first wait

        throttled = send_code(client, code_for(device))

        assert throttled.status_code == 200
        assert re.search(r"Too many wrong codes\. Wait \d+ seconds?", throttled.text)
        assert client.get(QUEUE).status_code == 302
        an_hour_ago = timezone.now() - timedelta(hours=1)
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=an_hour_ago
        )
        assert send_code(client, code_for(device))["Location"] == QUEUE

    def test_the_error_is_translated(self, client, maria):
        enrol(maria)
        sign_in_with_password(client, next_url="/bg/staff/queue/")

        response = client.post(
            "/bg/staff/login/code/?next=/bg/staff/queue/", {"code": "000000x"}
        )

        assert response.status_code == 200
        assert "Кодът не е валиден" in response.text

    @pytest.mark.parametrize(
        "code",
        ["", " ", "x" * 500, "12345", "1234567", "' OR 1=1 --", "１２３４５６", "\x00"],
        ids=["empty", "space", "long", "short", "long-digits", "sql", "wide", "nul"],
    )
    def test_bad_input_is_refused_without_a_server_error(self, client, maria, code):
        enrol(maria)
        sign_in_with_password(client)

        response = send_code(client, code)

        assert response.status_code == 200
        assert 'class="invalid-feedback' in response.text
        assert client.get(QUEUE).status_code == 302

    def test_an_outside_next_is_ignored(self, client, maria):
        device = enrol(maria)
        sign_in_with_password(client)

        response = send_code(client, code_for(device), "https://evil.example/")

        assert response["Location"] == "/en/staff/"

    def test_a_next_that_is_not_a_url_name_is_followed_as_a_path(self, client, maria):
        """`redirect("NaN")` would look for a URL named NaN and answer 500."""
        device = enrol(maria)
        sign_in_with_password(client)

        response = client.post(f"{CODE_STEP}?next=NaN", {"code": code_for(device)})

        assert response.status_code == 302
        assert response["Location"] == "NaN"

    def test_the_sign_in_page_announces_the_code(self, client, settings):
        assert "authenticator app" in client.get(LOGIN).text
        settings.STAFF_TWO_FACTOR = False
        assert "authenticator app" not in client.get(LOGIN).text

    def test_public_pages_stay_open_before_the_code(self, client, maria):
        enrol(maria)
        sign_in_with_password(client)

        assert client.get("/en/services/").status_code == 200
        assert client.get("/bg/").status_code == 200

    def test_sign_out_works_before_the_code(self, client, maria):
        enrol(maria)
        sign_in_with_password(client)

        client.post("/en/staff/logout/")

        assert client.get(CODE_STEP)["Location"].startswith(LOGIN)


@pytest.mark.usefixtures("two_factor_on")
class TestEnrolment:
    def test_staff_with_a_code_enrol_and_are_then_verified(self, client, maria):
        sign_in_with_password(client)
        to_setup = client.get(code_step())
        assert to_setup["Location"] == f"{SETUP}?next=%2Fen%2Fstaff%2Fqueue%2F"
        asked = client.get(to_setup["Location"])
        assert 'name="enrolment_code"' in asked.text

        started = client.post(
            to_setup["Location"], {"enrolment_code": issue_code(maria)}
        )
        assert started["Location"] == to_setup["Location"]
        page = client.get(to_setup["Location"])
        assert page.status_code == 200
        assert "<svg" in page.text
        assert " style=" not in page.text  # the CSP forbids inline styles
        device = TOTPDevice.objects.get(user=maria, confirmed=False)
        secret = page.context["secret"]
        assert secret.replace(" ", "") in device.config_url
        assert client.get(QUEUE).status_code == 302

        done = client.post(to_setup["Location"], {"code": code_for(device)})
        assert done.status_code == 302
        codes_page = client.get(done["Location"])

        codes = codes_page.context["codes"]
        assert len(codes) == RECOVERY_CODE_COUNT
        assert all(code in codes_page.text for code in codes)
        assert client.get(done["Location"]).status_code == 302  # shown once
        assert client.get(QUEUE).status_code == 200
        device.refresh_from_db()
        assert device.confirmed is True
        static = StaticDevice.objects.get(user=maria)
        assert sorted(static.token_set.values_list("token", flat=True)) == sorted(codes)
        assert AuditEntry.objects.filter(action="two_factor_enrolled").count() == 1

    def test_the_password_alone_shows_no_qr_code_and_says_whom_to_ask(
        self, client, maria
    ):
        """The password alone no longer enrols the authenticator (#10)."""
        sign_in_with_password(client)

        page = client.get(SETUP)

        assert page.status_code == 200
        assert "<svg" not in page.text
        assert "Ask an administrator" not in page.text  # no error before a try
        assert "An administrator of the service desk" in page.text
        assert not TOTPDevice.objects.filter(user=maria).exists()
        assert client.get(QUEUE).status_code == 302

    @pytest.mark.parametrize(
        "code",
        ["", "guess", "0" * 22, "x" * 64, "\x00", "７ab3kq-m2xe-4wpd-ry6c-tn5f"],
        ids=["empty", "word", "zeros", "long", "nul", "wide"],
    )
    def test_a_made_up_code_is_refused(self, client, maria, code):
        sign_in_with_password(client)

        response = client.post(SETUP, {"enrolment_code": code})

        assert response.status_code == 200
        assert 'class="invalid-feedback' in response.text
        assert "<svg" not in response.text
        assert not TOTPDevice.objects.filter(user=maria).exists()

    def test_the_page_without_a_code_is_translated(self, client, maria):
        sign_in_with_password(client, next_url="/bg/staff/queue/")

        page = client.post("/bg/staff/login/setup/", {"enrolment_code": "guess"})

        assert "администратор" in page.text
        assert "Кодът за активиране не е валиден" in page.text

    def test_the_code_may_be_typed_without_dashes_in_capitals(self, client, maria):
        sign_in_with_password(client)
        code = issue_code(maria).replace("-", "").upper()

        response = client.post(SETUP, {"enrolment_code": f" {code[:11]} {code[11:]}"})

        assert response.status_code == 302
        assert TOTPDevice.objects.filter(user=maria, confirmed=False).count() == 1

    def test_an_enrolment_code_works_once(self, client, maria):
        sign_in_with_password(client)
        code = issue_code(maria)
        assert client.post(SETUP, {"enrolment_code": code}).status_code == 302

        client.post("/en/staff/logout/")
        sign_in_with_password(client)
        again = client.post(SETUP, {"enrolment_code": code})

        assert again.status_code == 200
        assert "has been used already" in again.text
        assert "<svg" not in again.text

    def test_a_key_shown_to_another_session_is_never_confirmed(self, client, maria):
        """Whoever saw the first key cannot confirm it after a new enrolment."""
        sign_in_with_password(client)
        first = start_enrolment(client, maria)
        other = type(client)()
        sign_in_with_password(other)
        second = start_enrolment(other, maria)

        response = client.post(SETUP, {"code": code_for(first)})

        assert not TOTPDevice.objects.filter(pk=first.pk).exists()
        assert response.status_code in (200, 302)
        assert client.get(QUEUE).status_code == 302
        assert TOTPDevice.objects.get(user=maria).pk == second.pk

    def test_an_expired_code_is_refused(self, client, maria, settings):
        sign_in_with_password(client)
        settings.STAFF_TWO_FACTOR_ENROLMENT_HOURS = 0

        response = client.post(SETUP, {"enrolment_code": issue_code(maria)})

        assert response.status_code == 200
        assert "has expired" in response.text
        assert not TOTPDevice.objects.filter(user=maria).exists()

    def test_a_code_works_for_the_configured_hours(self, maria, settings, monkeypatch):
        settings.STAFF_TWO_FACTOR_ENROLMENT_HOURS = 72
        code = issue_code(maria)
        now = timezone.now()

        monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=71))
        assert enrolment_code_is_valid(user=maria, code=code) is True
        monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=73))
        assert enrolment_code_is_valid(user=maria, code=code) is False

    def test_a_code_survives_a_secret_key_rotation(self, maria, settings):
        code = issue_code(maria)
        old_key = settings.SECRET_KEY

        settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-key" * 8, [old_key]
        assert enrolment_code_is_valid(user=maria, code=code) is True
        settings.SECRET_KEY_FALLBACKS = []
        assert enrolment_code_is_valid(user=maria, code=code) is False

    def test_a_new_code_ends_the_earlier_one(self, maria):
        first = issue_code(maria)
        second = issue_code(maria)

        assert enrolment_code_is_valid(user=maria, code=first) is False
        assert enrolment_code_is_valid(user=maria, code=second) is True

    def test_a_code_is_for_one_staff_member_only(self, client, maria):
        code = issue_code(clerk(department(), username="ivan"))
        sign_in_with_password(client)

        response = client.post(SETUP, {"enrolment_code": code})

        assert response.status_code == 200
        assert not TOTPDevice.objects.filter(user=maria).exists()

    def test_a_code_stops_working_once_an_app_is_confirmed(self, maria):
        code = issue_code(maria)
        TOTPDevice.objects.create(user=maria, confirmed=True)  # say, by hand

        assert enrolment_code_is_valid(user=maria, code=code) is False

    def test_after_a_reset_a_new_code_is_needed(self, client, maria, administrator):
        old_code = issue_code(maria)
        enrol(maria)
        two_factor_reset(user=maria, by=administrator)
        sign_in_with_password(client)

        refused = client.post(SETUP, {"enrolment_code": old_code})
        assert refused.status_code == 200
        assert not TOTPDevice.objects.filter(user=maria).exists()
        accepted = client.post(SETUP, {"enrolment_code": issue_code(maria)})
        assert accepted.status_code == 302

    def test_the_enrolment_link_fills_in_the_code_and_opening_it_uses_nothing(
        self, client, maria
    ):
        code = issue_code(maria)
        sign_in_with_password(client)

        page = client.get(SETUP, {"code": code})

        assert f'value="{code}"' in page.text
        assert "<svg" not in page.text
        assert enrolment_code_is_valid(user=maria, code=code) is True
        assert not TOTPDevice.objects.filter(user=maria).exists()

    def test_the_enrolment_link_leads_through_the_sign_in(self, client, maria):
        code = issue_code(maria)
        link = f"{SETUP}?code={code}"

        to_login = client.get(link)
        assert to_login["Location"].startswith(LOGIN)
        signed_in = client.post(
            to_login["Location"], {"username": "maria", "password": "demo12345"}
        )
        page = client.get(signed_in["Location"], follow=True)

        assert page.redirect_chain[-1][0] == link
        assert f'value="{code}"' in page.text

    def test_reloading_the_setup_page_keeps_the_same_key(self, client, maria):
        sign_in_with_password(client)
        start_enrolment(client, maria)

        first = client.get(SETUP).context["secret"]
        second = client.get(SETUP).context["secret"]

        assert first == second
        assert TOTPDevice.objects.filter(user=maria).count() == 1

    def test_a_wrong_first_code_does_not_enrol(self, client, maria):
        sign_in_with_password(client)
        device = start_enrolment(client, maria)
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

        response = client.post(SETUP, {"code": wrong})

        assert response.status_code == 200
        assert "This code is not valid" in response.text
        assert TOTPDevice.objects.get(user=maria).confirmed is False
        assert client.get(QUEUE).status_code == 302

    def test_a_password_alone_cannot_add_a_second_app(self, client, maria):
        """Whoever has only the password must not replace the enrolled app."""
        enrol(maria)
        sign_in_with_password(client)

        response = client.get(SETUP)

        assert response.status_code == 302
        assert response["Location"].startswith(CODE_STEP)
        assert TOTPDevice.objects.filter(user=maria).count() == 1

    def test_enrolment_is_audited(self, client, maria, administrator):
        code = issue_code(maria, by=administrator)
        sign_in_with_password(client)
        client.post(SETUP, {"enrolment_code": code})

        actions = AuditEntry.objects.filter(target_id=str(maria.pk)).order_by("pk")

        assert [(e.action, e.actor) for e in actions] == [
            ("two_factor_code_issued", administrator),
            ("two_factor_enrolment_started", maria),
        ]


@pytest.mark.usefixtures("two_factor_on")
class TestAdmin:
    def test_the_admin_needs_the_code_too(self, client, administrator):
        device = enrol(administrator)
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "root", "password": "demo12345", "next": "/admin/"},
        )

        response = client.get("/admin/")

        assert response.status_code == 302
        assert CODE_STEP.replace("/en/", "/bg/") in response["Location"]
        verified = client.post(response["Location"], {"code": code_for(device)})
        assert verified["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_an_administrator_resets_a_staff_members_app(
        self, client, administrator, maria
    ):
        device = enrol(administrator)
        marias = enrol(maria)
        sign_in_with_password(client, username="root")
        send_code(client, code_for(device))
        changelist = client.get("/admin/otp_totp/totpdevice/")
        assert changelist.status_code == 200
        assert "maria" in changelist.text
        detail = client.get(f"/admin/otp_totp/totpdevice/{marias.pk}/change/")
        assert detail.status_code == 200
        assert marias.key not in detail.text  # administrators never see the key
        static = client.get("/admin/otp_static/staticdevice/")
        assert static.status_code == 200

        response = client.post(
            "/admin/requests_app/user/",
            {"action": "admin_two_factor_reset", "_selected_action": [maria.pk]},
        )

        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=maria).exists()
        assert not StaticDevice.objects.filter(user=maria).exists()
        assert TOTPDevice.objects.filter(user=administrator).exists()
        assert AuditEntry.objects.filter(action="two_factor_reset").count() == 1

    def test_a_reset_ends_the_verified_session(self, client, administrator, maria):
        device = enrol(maria)
        sign_in_with_password(client)
        send_code(client, code_for(device))
        assert client.get(QUEUE).status_code == 200

        device.delete()

        assert client.get(QUEUE)["Location"] == code_step()

    def test_an_administrator_issues_a_code_shown_once(
        self, client, administrator, maria
    ):
        device = enrol(administrator)
        sign_in_with_password(client, username="root")
        send_code(client, code_for(device))

        response = client.post(
            "/admin/requests_app/user/",
            {"action": "admin_enrolment_code_issue", "_selected_action": [maria.pk]},
        )

        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        code = re.search(r'class="enrolment-code">([a-z0-9-]+)<', response.text)[1]
        assert enrolment_code_is_valid(user=maria, code=code) is True
        assert f"/bg/staff/login/setup/?code={code}</code>" in response.text
        entry = AuditEntry.objects.get(action="two_factor_code_issued")
        assert (entry.actor, entry.target_id) == (administrator, str(maria.pk))
        assert code not in str(entry.details)  # the code is kept nowhere

    def test_the_action_shows_each_code_with_its_link(self, administrator, maria):
        maria.language = "en"
        maria.save()
        request = RequestFactory().post("/admin/requests_app/user/")
        request.user = administrator

        response = admin_enrolment_code_issue(
            admin_site._registry[User], request, User.objects.filter(pk=maria.pk)
        ).render()

        code = response.context_data["issued"][0].code
        assert code in response.text
        assert f"/en/staff/login/setup/?code={code}</code>" in response.text
        assert enrolment_code_is_valid(user=maria, code=code) is True

    def test_no_code_for_staff_who_have_an_app(self, administrator, maria):
        enrol(maria)

        with pytest.raises(ServiceError, match="already has an authenticator app"):
            enrolment_code_issue(user=maria, by=administrator)

        assert not AuditEntry.objects.filter(action="two_factor_code_issued").exists()


class TestSettingOff:
    def test_the_password_alone_signs_in_as_before(self, client, maria, settings):
        settings.STAFF_TWO_FACTOR = False

        response = sign_in_with_password(client)

        assert response["Location"] == QUEUE
        assert client.get(QUEUE).status_code == 200

    def test_the_code_step_is_skipped(self, client, maria, settings):
        settings.STAFF_TWO_FACTOR = False
        enrol(maria)
        sign_in_with_password(client)

        assert client.get(code_step())["Location"] == QUEUE
        assert client.get(SETUP + "?next=/en/staff/queue/")["Location"] == QUEUE

    def test_it_is_off_in_the_test_suite_by_default(self, settings):
        assert settings.STAFF_TWO_FACTOR is False


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DJANGO_DEBUG": "false"}, "True"),
        ({"DJANGO_DEBUG": "true"}, "False"),
        ({"DJANGO_DEBUG": "false", "DJANGO_STAFF_TWO_FACTOR": "false"}, "False"),
        ({"DJANGO_DEBUG": "true", "DJANGO_STAFF_TWO_FACTOR": "true"}, "True"),
    ],
    ids=["production", "debug", "production-off", "debug-on"],
)
def test_two_factor_is_on_by_default_unless_debug(environment, expected):
    """Production gets two-factor sign-in without setting anything."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_STAFF_TWO_FACTOR"}
    env.update(environment, DJANGO_SETTINGS_MODULE="servicedesk.settings")
    code = "from django.conf import settings; print(settings.STAFF_TWO_FACTOR)"

    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == expected


def test_superscript_digits_in_the_setup_code_are_refused_not_a_500(
    two_factor_on, client, maria
):
    """Superscript digits pass isdigit() but not int(): the setup step gave a 500."""
    sign_in_with_password(client)
    start_enrolment(client, maria)
    response = client.post("/en/staff/login/setup/", {"code": "²²²²²²"})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=maria, confirmed=True).exists() is False
