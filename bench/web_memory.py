"""The web process's memory stays flat under a long read load (issue 18).

gunicorn, started as production starts it (gunicorn.conf.py, DEBUG off),
serves the seeds to READERS logged-in readers asking for pages back to back
for --seconds (default 600); the resident memory (VmRSS) of its master and
workers is read every --every seconds. Printed:

  growth = total RSS at the end / total RSS after the warm-up - 1   (target: within +-10%)

BENCH_WEB_MEMORY_SECONDS sets the default length.

usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench \\
      .venv/bin/python bench/web_memory.py [--seconds 600] [--readers 20] [--json PATH]

The database is DATABASE_URL's name + "_webmem" (created if missing and
EMPTIED: the name must contain "bench"). Traffic goes to 127.0.0.1 only; the
readers stop by themselves at the deadline.
"""
import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

from benchdb import create_database  # bench/ is the script folder, so on sys.path
from procmem import vm_rss_kb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.procs import Browser, WebServer, app_env, manage  # noqa: E402  the load test's own helpers

PASSWORD = "webmem-demo-pass-1"
# Every kind of page a reader opens: lists, a speaker's page, search, the API.
PATHS = ["/", "/speakers/", "/speakers/pete-hegseth/", "/search/?q=ukraine", "/outlets/", "/api/speakers/",
         "/api/quotes/", "/who-quotes-whom/"]


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_WEB_MEMORY_SECONDS", 600)))
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--every", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=60, help="seconds before the baseline sample")
    ap.add_argument("--json", dest="json_path")
    args = ap.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claimtrack_bench").split("?")[0] + "_webmem"
    create_database(url)
    env = app_env(DATABASE_URL=url, DEMO_PASSWORD=PASSWORD, DJANGO_DEBUG="0")
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("setup_roles", "--demo", env=env)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    manage("ingest", *map(str, seeds), "--manifest", str(ROOT / "seeds" / "manifest.json"), "--sync", env=env)

    server = WebServer(env)
    stop = threading.Event()
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()

    def reader(k: int):
        browser = Browser(server.url).login("journalist", PASSWORD)
        i = k
        while not stop.is_set():
            ok = browser.status(PATHS[i % len(PATHS)]) == 200
            i += 1
            with lock:
                counts["requests"] += 1
                counts["errors"] += not ok

    threads = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(args.readers)]
    samples = []
    start = time.monotonic()
    try:
        for t in threads:
            t.start()
        while (elapsed := time.monotonic() - start) < args.seconds:
            time.sleep(min(args.every, max(0.0, args.seconds - elapsed)))
            pids = [server.proc.pid, *children(server.proc.pid)]
            total = sum(vm_rss_kb(p) or 0 for p in pids)   # a worker gone meanwhile counts 0
            samples.append({"s": round(time.monotonic() - start), "rss_mb": round(total / 1024, 1),
                            "processes": len(pids), "requests": counts["requests"]})
            print(f"  {samples[-1]['s']:5d} s  {samples[-1]['rss_mb']:7.1f} MB in {len(pids)} processes, "
                  f"{counts['requests']} requests", flush=True)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
        server.stop()

    base = next((s for s in samples if s["s"] >= args.warmup), samples[0])
    growth = samples[-1]["rss_mb"] / base["rss_mb"] - 1
    result = {
        "seconds": args.seconds, "readers": args.readers, "requests": counts["requests"], "errors": counts["errors"],
        "rss_mb_after_warmup": base["rss_mb"], "rss_mb_end": samples[-1]["rss_mb"],
        "growth": round(growth, 4), "met": abs(growth) <= 0.10, "samples": samples,
    }
    print(f"web memory over {args.seconds} s of {args.readers} readers ({counts['requests']} requests, "
          f"{counts['errors']} errors): {base['rss_mb']} MB after {base['s']} s -> {samples[-1]['rss_mb']} MB, "
          f"growth {growth:+.1%} (target within +-10%)")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
