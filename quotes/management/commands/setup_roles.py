"""Create the journalist, editor and admin groups (idempotent); with --demo,
also the demo users."""
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
            group.permissions.set(_permissions(perms))
        self.stdout.write(f"roles ready: {', '.join(ROLE_PERMISSIONS)}")
        if demo:
            password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
            User = get_user_model()
            for role in ROLE_PERMISSIONS:
                user, _ = User.objects.get_or_create(username=role)
                user.set_password(password)
                # Admins manage outlets and users in the Django admin.
                user.is_staff = user.is_superuser = role == ADMIN
                user.save()
                user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"demo users journalist, editor, admin; password: {password}")


def _permissions(names):
    perms = []
    for name in names:
        app_label, codename = name.split(".")
        try:
            perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        except Permission.DoesNotExist as exc:
            raise CommandError(f"unknown permission {name}; run migrate first") from exc
    return perms
