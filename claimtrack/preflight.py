"""Check PostgreSQL and Redis before anything else touches them, create the
database if it is missing, and fail with one line saying what to do.

Run as `python -m claimtrack.preflight`; reads DATABASE_URL and REDIS_URL.
"""
import os
import sys

import dj_database_url
import psycopg
import redis
from psycopg import sql

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/claimtrack"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
REDIS_START = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


def _conninfo(cfg: dict, dbname: str) -> dict:
    return {
        "dbname": dbname,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "connect_timeout": 5,
    }


def ensure_database(url: str) -> str:
    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    where = f"{cfg.get('HOST') or 'local socket'}:{cfg.get('PORT') or 5432}"
    try:
        with psycopg.connect(**_conninfo(cfg, "postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                return f"created database {name}"
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.exit(f"PostgreSQL is not reachable at {where} ({first}); start it with: {PG_START}")
    return f"database {name} ready"


def ensure_redis(url: str) -> str:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        sys.exit(f"Redis is not reachable at {url} ({exc}); start it with: {REDIS_START}")
    return "redis ready"


def main() -> None:
    db = ensure_database(os.environ.get("DATABASE_URL", DEFAULT_DB))
    rd = ensure_redis(os.environ.get("REDIS_URL", DEFAULT_REDIS))
    print(f"preflight: {db}; {rd}")


if __name__ == "__main__":
    main()
