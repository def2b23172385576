"""Where the team's shared folder (gold annotations, scorer) is: beside the
checkout, as in CI, or at /work/shared on a developer machine."""
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (_ROOT.parent / "shared", Path("/work/shared")) if p.exists()), _ROOT.parent / "shared")
QUOTEVAL = SHARED / "tools" / "quoteval.py"
