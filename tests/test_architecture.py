"""The dependency rules of docs/ARCHITECTURE.md, checked on every test run:
the import-linter contracts in .importlinter, no import cycles between our
modules, and the extraction task reachable by name only."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("articles", "quotes", "claimtrack")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Cycles that exist today in modules other engineers own, each to be broken
# there; test_known_cycles_are_still_there fails once one is gone, so that
# the entry is removed and the cycle cannot come back unnoticed.
# Cycles known and not yet broken (none: the linking <-> stats one ended when
# quotes.services.derived became the one refresh after any change).
KNOWN_CYCLES: list[frozenset] = []


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / ".importlinter"), "--no-cache", "--no-logo"],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def test_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def _copy_sources(dest: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__", "data", "*.txt"))


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "bad_import", "broken"),
    [
        ("articles/services.py", "from quotes.services.extraction import article_extract",
         "articles.services -> quotes.services.extraction"),
        ("quotes/nlp/marks.py", "from django.conf import settings", "quotes.nlp.marks -> django"),
        ("quotes/linking/text.py", "from quotes.models import Quote", "quotes.linking.text -> quotes.models"),
        ("quotes/search.py", "", None),  # control: an untouched copy keeps every contract
        ("articles/views.py", "from quotes.models import Quote", "articles.views -> quotes.models"),
        ("quotes/models.py", "from quotes import browse", "quotes.models -> quotes.browse"),
        ("quotes/views.py", "from quotes import search", "quotes.views -> quotes.search"),
    ],
)
def test_a_wrong_import_breaks_the_contracts(tmp_path, module, bad_import, broken):
    """The contracts are not vacuous: one wrong import in a copy of the
    sources makes lint-imports fail and name the import."""
    _copy_sources(tmp_path)
    if bad_import:
        _append(tmp_path / module, bad_import)
    result = lint_imports(tmp_path)
    if broken is None:
        assert result.returncode == 0, result.stdout + result.stderr
        return
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert broken in result.stdout, result.stdout


def _cycles(graph) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.find_modules_directly_imported_by(node):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


@pytest.fixture(scope="module")
def graph():
    sys.path.insert(0, str(ROOT))
    try:
        return grimp.build_graph(*PACKAGES, cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))


def _describe(graph, cycle) -> str:
    lines = []
    for importer in sorted(cycle):
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & cycle):
            details = graph.get_import_details(importer=importer, imported=imported)
            where = ", ".join(f"line {d['line_number']}" for d in details)
            lines.append(f"  {importer} -> {imported} ({where})")
    return "\n".join(lines)


def test_no_import_cycles_between_our_modules(graph):
    # Late imports inside functions count: they hide a cycle, they do not break it.
    new = [c for c in _cycles(graph) if c not in KNOWN_CYCLES]
    assert not new, "import cycles:\n" + "\n\n".join(_describe(graph, c) for c in new)


def test_known_cycles_are_still_there(graph):
    gone = [sorted(c) for c in KNOWN_CYCLES if c not in _cycles(graph)]
    assert not gone, f"remove these from KNOWN_CYCLES, they are fixed: {gone}"


def test_cycle_finder_finds_a_cycle():
    toy = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        toy.add_import(importer=importer, imported=imported)
    assert _cycles(toy) == [frozenset({"a.x", "a.y", "a.z"})]


def test_extraction_task_is_sent_by_a_name_quotes_registers(monkeypatch):
    """articles sends the task by name; quotes registers it under the name it
    had before the move, so messages already queued still run."""
    from articles import services
    from quotes import tasks

    assert tasks.extract_article.name == services.EXTRACT_ARTICLE_TASK == "articles.tasks.extract_article"
    sent = []
    monkeypatch.setattr(tasks.extract_article, "apply_async", lambda *args, **kwargs: sent.append((args, kwargs)))
    assert services.article_enqueue(41) is True
    assert sent == [(((41,), {}), {"retry": False})]


# --- managers only through the read layer and services ---------------------------------------
# import-linter sees imports, not attribute access: a views module that
# imports a model (for a type, or a choice) could still call Model.objects.
# This check reads the entry points' source instead.

ENTRY_POINTS = ("**/views.py", "**/api/*.py", "**/templatetags/*.py")
_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def manager_uses(source: str) -> list[str]:
    """Where `source` reaches a model's manager itself: `<anything>.objects`,
    or a shortcut handed a class (`get_object_or_404(Quote, ...)`, which uses
    its default manager) rather than a queryset from the read layer."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _SHORTCUTS
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()
        ):
            found.append(f"line {node.lineno}: {node.func.id}({node.args[0].id}, ...)")
    return found


def _entry_points() -> list[Path]:
    return sorted({p for package in PACKAGES for pattern in ENTRY_POINTS for p in (ROOT / package).glob(pattern)})


def test_entry_points_reach_managers_only_through_reads_and_services():
    files = _entry_points()
    assert any(p.match("quotes/api/views.py") for p in files) and any(p.match("articles/views.py") for p in files)
    offences = {
        str(p.relative_to(ROOT)): uses for p in files if (uses := manager_uses(p.read_text(encoding="utf-8")))
    }
    assert not offences, f"use a selector (or a service) instead: {offences}"


@pytest.mark.parametrize(
    ("snippet", "offends"),
    [
        ("def v(request):\n    return Quote.objects.filter(hidden=False)", True),
        ("class V(ListAPIView):\n    queryset = Speaker.objects.all()", True),
        ("def v(request, pk):\n    return get_object_or_404(Outlet, slug=pk)", True),
        ("def v(request, pk):\n    return get_object_or_404(selectors.batches(), id=pk)", False),
        ("def v(request):\n    return selectors.quotes_filtered(filters)", False),
    ],
)
def test_the_manager_check_finds_a_wrong_snippet(snippet, offends):
    assert bool(manager_uses(snippet)) is offends
