"""manage.py setup_roles: the groups and permissions, and re-running it changes nothing."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from quotes.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def snapshot():
    groups = {
        g.name: sorted(g.permissions.values_list("content_type__app_label", "codename")) for g in Group.objects.all()
    }
    users = {
        u.username: (u.password, u.is_staff, u.is_superuser, sorted(u.groups.values_list("name", flat=True)))
        for u in get_user_model().objects.all()
    }
    return groups, users


def run(*args) -> str:
    out = StringIO()
    call_command("setup_roles", *args, stdout=out)
    return out.getvalue()


def test_roles_have_their_permissions():
    run()
    perms = {g.name: {f"{a}.{c}" for a, c in g.permissions.values_list("content_type__app_label", "codename")}
             for g in Group.objects.all()}
    assert perms == {role: set(p) for role, p in ROLE_PERMISSIONS.items()}
    assert "quotes.change_quote" not in perms["journalist"]
    assert perms["journalist"] < perms["editor"] < perms["admin"]


def test_rerunning_changes_nothing(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = run("--demo")
    password = out.split("password: ")[1].strip()
    first = snapshot()
    assert run("--demo").endswith("passwords unchanged\n")
    run()
    assert snapshot() == first
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password(password) and editor.has_perm("quotes.change_quote")
    assert get_user_model().objects.get(username="admin").is_superuser


def test_demo_password_from_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    run("--demo")
    first = snapshot()
    run("--demo")
    assert snapshot() == first
    assert get_user_model().objects.get(username="journalist").check_password("demo-pass-123")
