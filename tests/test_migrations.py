from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Fails (SystemExit) if a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_system_checks_are_clean():
    call_command("check", "--fail-level", "WARNING", stdout=StringIO())
