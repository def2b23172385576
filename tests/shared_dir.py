"""Where the team's shared folder (gold annotations, scorer) is: beside the
checkout, as in CI, or at /work/shared on a developer machine
(CLAIMTRACK_SHARED_DIR overrides both).

The quality gates (every F1 test, gold-span linking, the scorer agreement
tests) need it. `require_shared()` is the one way they check: on a developer
machine without the folder they skip; under CI=true they fail, so that CI
cannot go green without running them."""
import os
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = [_ROOT.parent / "shared", Path("/work/shared")]
SHARED = Path(os.environ.get("CLAIMTRACK_SHARED_DIR") or next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[0]))
QUOTEVAL = SHARED / "tools" / "quoteval.py"
SEED_GOLD = SHARED / "gold" / "seed_quotes.json"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_shared(*paths: Path) -> None:
    """Skip the calling test (fail it under CI=true) unless the scorer and
    the seed gold, and any other `paths`, exist."""
    missing = [p for p in dict.fromkeys(map(Path, (QUOTEVAL, SEED_GOLD, *paths))) if not p.exists()]
    if not missing:
        return
    message = f"the shared folder is incomplete: {', '.join(map(str, missing))} missing"
    if in_ci():
        pytest.fail(f"{message}; CI=true requires every quality gate to run", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def shared():
    """For `pytestmark = pytest.mark.usefixtures("shared")`."""
    require_shared()
    return SHARED
