"""The benchmarks' own databases: created on demand, and only ones whose
name says "bench", so a benchmark can never empty a real database."""
import sys


def bench_name(url: str) -> str:
    """The database name in `url`, refused unless it says "bench"."""
    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"refusing to use {name!r}: a benchmark database's name must contain 'bench'")
    return name


def create_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to empty database {name!r}: a benchmark database's name must contain 'bench'")
    admin = psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
