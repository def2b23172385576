"""Fixtures for the NLP core's tests: no database, no Django."""
import pytest


@pytest.fixture(scope="session")
def nlp():
    from quotes.nlp import load_pipeline

    return load_pipeline()
