"""Create the journalist, editor and admin groups; with --demo, also the
demo users. Idempotent: re-running it changes nothing (a demo user's password
is only set when the user is created, or when DEMO_PASSWORD differs from it)."""
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quotes.roles import ADMIN, ROLE_PERMISSIONS


class Command(BaseCommand):
    help = "Create role groups and permissions; --demo also creates users journalist, editor and admin."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true")

    @transaction.atomic
    def handle(self, *args, demo, **options):
        for role, perms in ROLE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=role)
            # set() only adds what is missing and removes what is extra.
            group.permissions.set(_permissions(perms))
        self.stdout.write(f"roles ready: {', '.join(ROLE_PERMISSIONS)}")
        if demo:
            self._demo_users()

    def _demo_users(self):
        given = os.environ.get("DEMO_PASSWORD")
        password = given or secrets.token_urlsafe(12)
        User = get_user_model()
        set_for = []
        for role in ROLE_PERMISSIONS:
            user, created = User.objects.get_or_create(username=role)
            changed = created
            if created or (given and not user.check_password(given)):
                user.set_password(password)
                set_for.append(role)
                changed = True
            # Admins manage outlets and users in the Django admin.
            staff = role == ADMIN
            if (user.is_staff, user.is_superuser) != (staff, staff):
                user.is_staff = user.is_superuser = staff
                changed = True
            if changed:
                user.save()
            user.groups.set([Group.objects.get(name=role)])
        if set_for:
            self.stdout.write(f"demo users {', '.join(set_for)}; password: {password}")
        else:
            self.stdout.write("demo users journalist, editor, admin exist; passwords unchanged")


def _permissions(names):
    perms = []
    for name in names:
        app_label, codename = name.split(".")
        try:
            perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        except Permission.DoesNotExist as exc:
            raise CommandError(f"unknown permission {name}; run migrate first") from exc
    return perms
