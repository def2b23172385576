"""Real processes for fault tests: a private Redis, a private PostgreSQL
cluster, Celery workers and a web server, all on 127.0.0.1 only, each with
bounded waits so a test never hangs."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


def app_env(**overrides) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="claimtrack.settings_test")
    env.update({k: str(v) for k, v in overrides.items()})
    return env


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self._up, timeout=10, what="redis to start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def _up(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class PostgresCluster:
    """A throwaway cluster owned by the postgres OS user (PostgreSQL refuses
    to run as root), so a test may stop and restart it freely."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="claimtrack-pg-"))
        shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self.bin = Path(sorted(glob("/usr/lib/postgresql/*/bin"))[-1])
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/claimtrack"

    def _as_postgres(self, *args, check=True):
        return subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=check, timeout=120)

    def init(self):
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()

    def start(self):
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "60",
            "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start",
        )

    def stop(self):
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def destroy(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Worker:
    """A Celery worker in a session of its own, as a systemd unit or a
    container is. Under Linux's autogroup scheduling (on by default) a session
    is its own CPU group: the worker gets a fair share beside the web server's
    group, and `nice` would rank it only against its own processes."""

    def __init__(self, env: dict, concurrency: int = 1):
        self.queue = f"fault-{uuid.uuid4().hex[:8]}"
        self.env = dict(env, CELERY_TASK_DEFAULT_QUEUE=self.queue)
        self.concurrency = concurrency
        self.proc = None
        self.log = tempfile.NamedTemporaryFile(prefix="worker-", suffix=".log", delete=False)

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "claimtrack", "worker", "-Q", self.queue,
             "--concurrency", str(self.concurrency), "--loglevel", "info", "--without-gossip",
             "--without-mingle", "-n", f"{self.queue}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def children(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]


def manage(*args, env: dict, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout, check=check,
    )


class WebServer:
    """gunicorn in a subprocess, as production serves: the same
    gunicorn.conf.py as `make serve` and the compose `web` service (workers,
    threads, backlog, timeouts), on a free port."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_until(lambda: Browser(self.url).status("/accounts/login/") == 200, timeout=60, what="gunicorn")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]


class Browser:
    """A cookie-keeping HTTP client: one logged-in reader."""

    def __init__(self, url: str):
        import http.cookiejar
        import urllib.request

        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def status(self, path: str):
        import urllib.error

        try:
            with self.opener.open(self.url + path, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return None

    def login(self, username: str, password: str) -> "Browser":
        import re
        import urllib.parse
        import urllib.request

        html = self.opener.open(self.url + "/accounts/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(self.url + "/accounts/login/", data=body.encode(), headers={"Referer": self.url})
        self.opener.open(request, timeout=30).read()
        return self
