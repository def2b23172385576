import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from quotes.roles import ADMIN, EDITOR, JOURNALIST
from tests.factories import UserFactory

pytest_plugins = ["tests.browser_fixtures", "tests.shared_dir"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    # Several engineers (and CI) may run the suite at once on one server:
    # DJANGO_TEST_DB_SUFFIX gives each run its own test database.
    from django.conf import settings

    suffix = os.environ.get("DJANGO_TEST_DB_SUFFIX")
    if suffix:
        test = settings.DATABASES["default"].setdefault("TEST", {})
        test["NAME"] = f"test_claimtrack_{suffix}"


@pytest.fixture
def roles(db):
    call_command("setup_roles", verbosity=0)


def _user(role):
    user = UserFactory(username=role)
    user.groups.add(Group.objects.get(name=role))
    if role == ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    return user


@pytest.fixture
def journalist(roles):
    return _user(JOURNALIST)


@pytest.fixture
def editor(roles):
    return _user(EDITOR)


@pytest.fixture
def admin_user(roles):
    return _user(ADMIN)


@pytest.fixture
def nobody(db):
    """Logged in, but in no role: gets 403 everywhere."""
    return UserFactory(username="nobody")


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters live in the cache; no test inherits another's.
    from django.core.cache import cache

    cache.clear()
    yield
