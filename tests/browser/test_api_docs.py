"""The API docs page in a browser: Swagger UI renders the operations from
the schema, with the site's CSP unchanged and no violation reported."""
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).with_name("screenshots")


def test_docs_render_operations_under_the_csp(page, live_server, login, journalist):
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: console.append(str(e)))
    login("journalist")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)
    ops = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/quotes/" in op for op in ops), ops
    assert any("/api/articles/" in op for op in ops), ops
    # Every operation of the schema is on the page.
    schema = page.request.get(f"{live_server.url}/api/schema/?format=json").json()
    operations = sum(len(methods) for methods in schema["paths"].values())
    assert operations > 10 and page.locator(".opblock").count() == operations
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "api-docs.png"), full_page=False)
    violations = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert not violations, violations
