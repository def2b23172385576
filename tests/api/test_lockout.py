"""Failed /api/token/ logins lock out the username from that address only:
someone who knows an admin's username cannot lock the admin out from elsewhere."""
import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _token(username, password, ip):
    return APIClient().post(
        "/api/token/", {"username": username, "password": password}, format="json", REMOTE_ADDR=ip
    )


def test_failed_token_logins_lock_username_and_address_together(journalist, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    codes = [_token("journalist", "wrong", "203.0.113.9").status_code for _ in range(3)]
    assert codes == [400, 400, 429], "the try that reaches the limit is told so"
    locked = _token("journalist", "pw-for-tests", "203.0.113.9")
    assert locked.status_code == 429, locked.content
    assert locked["Content-Type"].startswith("application/json") and locked.json()["detail"]
    elsewhere = _token("journalist", "pw-for-tests", "198.51.100.7")
    assert elsewhere.status_code == 200, elsewhere.content
    assert elsewhere.json()["token"]


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_client_address_comes_from_the_proxy_only_when_behind_one(journalist, settings, behind_proxy):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.BEHIND_PROXY = behind_proxy
    # Behind a proxy every request comes from the proxy's address; the client's
    # is the last one the proxy appended to X-Forwarded-For (any before it are
    # the client's own claims).
    for i in range(3):
        response = APIClient().post(
            "/api/token/", {"username": "journalist", "password": "wrong"}, format="json",
            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.9",
        )
        assert response.status_code == (429 if i == 2 else 400)
    other_client = APIClient().post(
        "/api/token/", {"username": "journalist", "password": "pw-for-tests"}, format="json",
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
    )
    # Without a proxy the forwarded header is the client's claim and ignored:
    # the lock is on the connecting address, which this request shares.
    assert other_client.status_code == (200 if behind_proxy else 429), other_client.content
