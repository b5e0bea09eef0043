"""Staff two-factor sign-in: password, then a code from the app or a recovery code.

Codes are real TOTP codes computed from the device's own key (django_otp.oath.TOTP).
"""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.models import AuditEntry
from requests_app.roles import Role
from requests_app.two_factor import RECOVERY_CODE_COUNT

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
    def test_staff_without_an_app_enrol_and_are_then_verified(self, client, maria):
        sign_in_with_password(client)
        to_setup = client.get(code_step())
        assert to_setup["Location"] == f"{SETUP}?next=%2Fen%2Fstaff%2Fqueue%2F"

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

    def test_reloading_the_setup_page_keeps_the_same_key(self, client, maria):
        sign_in_with_password(client)

        first = client.get(SETUP).context["secret"]
        second = client.get(SETUP).context["secret"]

        assert first == second
        assert TOTPDevice.objects.filter(user=maria).count() == 1

    def test_a_wrong_first_code_does_not_enrol(self, client, maria):
        sign_in_with_password(client)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=maria)
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


@pytest.mark.usefixtures("two_factor_on")
class TestAdmin:
    @pytest.fixture
    def administrator(self):
        return StaffFactory(username="root", is_superuser=True, role=Role.ADMINISTRATOR)

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
    response = client.post("/en/staff/login/setup/", {"code": "²²²²²²"})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=maria, confirmed=True).exists() is False
