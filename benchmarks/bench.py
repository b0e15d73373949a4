#!/usr/bin/env python3
"""Throughput, scaling and memory of `claims`, with quantulum3 as a peer, on real articles.

The corpus is built from a JSON Lines file of real articles (by default the shared
Wikinews dev set), repeated until it reaches the size asked for. Every copy after the
first gets distinct record ids and a tiny, invisible text variation (a trailing line of
spaces and tabs spelling the copy number in binary), so each copy has its own document
id (the sha256 of its text) and the store does not deduplicate it. Rules see the same
words in every copy, so each copy yields the same claims.

Measured, each as the median of --runs runs unless said otherwise:

  extraction   claims.extract() in this process, one core: MB/s and documents/s; timed
               at the start and again at the end, the median over both legs' runs
  end-to-end   `claims extract` into a fresh database, in a subprocess: wall time,
               MB/s of input, and peak memory (ru_maxrss of the process tree's largest
               process, from wait4; plus the sampled sum over the tree when psutil is there)
  --jobs N     the same with a process pool (default N = 2), and its speed-up, on the
               base corpus and on the --scale corpus (judged there, start-up amortised)
  --dask N     optional: the same through `--dask local:N` (a LocalCluster)
  linearity    end-to-end on a corpus --scale times larger (default 10x): time ratio
  long document  claims.extract() over one document of the corpus's articles joined end
               to end (--long-mb) and over it 8 times over, taken in turn: the time
               ratio, so a cost that grows with the square of one document's length shows
  memory       optional (--memory-mb): one end-to-end run over a corpus of that size,
               to show peak memory stays flat as the input grows
  peer         quantulum3.parser.parse(text) over the first --peer-docs documents, and
               claims.extract() over the same documents in the same run: the ratio

MB are 10^6 bytes: of UTF-8 document text for extraction and the peer, of input file
for end-to-end. Results go to benchmarks/results/<stamp>.json, a Markdown summary and a
PNG plot (throughput against corpus size) beside it; --publish also writes
benchmarks/RESULTS.md and benchmarks/throughput.png, the committed copies.

Examples:
  python benchmarks/bench.py                      # defaults: 2 MB corpus, 3 runs, 10x
  python benchmarks/bench.py --size-mb 1 --runs 1 --skip scale peer   # quick look
  python benchmarks/bench.py --memory-mb 200 --publish                 # the full set
  python benchmarks/bench.py --profile            # also cProfile extraction and a run
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus" / "wikinews-dev.jsonl"
STEPS = ("extract", "e2e", "jobs", "scale", "long", "peer")

# The targets of issue 9, checked against what this run measured.
TARGETS = {
    "extraction_mb_s": 2.0,  # per core
    "end_to_end_mb_s": 1.0,
    "jobs_speedup": 1.7,
    "peak_rss_mb_at_200mb": 300.0,
    "linearity_ratio_per_10x": 11.0,
    # Ours, beside the issue's: what holds for a corpus holds inside one long document.
    "long_document_ratio_per_10x": 11.0,
    "peer_ratio": 50.0,
}

NOTES_MARKER = "<!-- notes: kept by --publish -->"
SUMMARY = re.compile(r"(\d+) documents read \((\d+) extracted, (\d+) unchanged\), (\d+) skipped, "
                     r"(\d+) claims found, (\d+) conflicting groups")


# ------------------------------------------------------------------------- corpus


def _variation(copy: int) -> str:
    """Copy 0 is the text as it is; copy k gets a line of spaces and tabs spelling k in binary."""
    if copy == 0:
        return ""
    return "\n" + format(copy, "b").replace("0", " ").replace("1", "\t")


def build_corpus(source: Path, out: Path, target_bytes: int) -> dict:
    """Write whole copies of `source` to `out` until it holds at least `target_bytes`."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not records:
        raise SystemExit(f"{source}: no records")
    written = docs = text_bytes = copies = 0
    with out.open("w", encoding="utf-8") as handle:
        while written < target_bytes:
            for n, record in enumerate(records):
                record = dict(record)
                record["id"] = f"bench-{copies}-{n}"
                record["text"] = record["text"] + _variation(copies)
                line = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(line)
                written += len(line.encode("utf-8"))
                text_bytes += len(record["text"].encode("utf-8"))
                docs += 1
            copies += 1
    return {"path": str(out), "bytes": written, "mb": written / 1e6, "documents": docs,
            "text_mb": text_bytes / 1e6, "copies": copies, "source_records": len(records)}


def load_documents(path: Path) -> list:
    from claims.readers import RawDocument, iter_documents

    return [d for d in iter_documents([str(path)]) if isinstance(d, RawDocument)]


# ------------------------------------------------------------------------- measuring


def median(values: list[float]) -> float:
    return statistics.median(values)


def time_extraction(docs: list, runs: int) -> dict:
    """claims.extract() over `docs` in this process: one core, no I/O, no database."""
    from claims.extract import DEFAULT_BUDGET, extract

    text_mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    extract(docs[0].text, source=docs[0].source, meta=docs[0].meta, budget=DEFAULT_BUDGET)  # warm up
    times, cpu, claims, failures = [], [], 0, 0
    for _ in range(runs):
        claims = failures = 0
        start, start_cpu = time.perf_counter(), time.process_time()
        for d in docs:
            try:
                claims += len(extract(d.text, source=d.source, meta=d.meta, budget=DEFAULT_BUDGET).claims)
            except Exception:  # noqa: BLE001 - a budget overrun counts, it does not stop the benchmark
                failures += 1
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    t = median(times)
    return {"documents": len(docs), "text_mb": text_mb, "seconds": times, "median_s": t,
            "mb_s": text_mb / t, "docs_s": len(docs) / t, "cpu_seconds": cpu, "cpu_mb_s": text_mb / median(cpu),
            "claims": claims, "failures": failures}


def time_long_document(docs: list, runs: int, small_mb: float, factor: int = 8) -> dict:
    """claims.extract() over one document of `small_mb` MB, made of the articles joined end
    to end a paragraph apart, and over that document `factor` times over, taken in turn."""
    from claims.extract import DEFAULT_BUDGET, extract

    def joined(target_bytes: float) -> str:
        parts, size = [], 0
        while size < target_bytes:
            text = docs[len(parts) % len(docs)].text
            parts.append(text)
            size += len(text.encode("utf-8")) + 2
        return "\n\n".join(parts)

    small = joined(small_mb * 1e6)
    texts = {"small": small, "big": "\n\n".join([small] * factor)}  # the same words, so the same claims per MB
    times: dict = {"small": [], "big": []}
    claims: dict = {}
    for _ in range(runs):
        for name, text in texts.items():
            start = time.perf_counter()
            claims[name] = len(extract(text, budget=DEFAULT_BUDGET).claims)
            times[name].append(time.perf_counter() - start)
    mb = {name: len(text.encode("utf-8")) / 1e6 for name, text in texts.items()}
    size_ratio, time_ratio = mb["big"] / mb["small"], median(times["big"]) / median(times["small"])
    return {"small_mb": mb["small"], "big_mb": mb["big"], "seconds": times, "claims": claims,
            "small_mb_s": mb["small"] / median(times["small"]), "big_mb_s": mb["big"] / median(times["big"]),
            "size_ratio": size_ratio, "time_ratio": time_ratio, "time_ratio_per_10x": time_ratio * 10 / size_ratio}


def both_legs(start: dict, end: dict) -> dict:
    """Extraction timed at the benchmark's start and again at its end, as one measure: the
    median of all the runs, so a slow or fast spell of the machine at either end does not
    decide the figure alone. Each leg's own figure is kept beside it."""
    times, cpu = start["seconds"] + end["seconds"], start["cpu_seconds"] + end["cpu_seconds"]
    t = median(times)
    return {**start, "seconds": times, "cpu_seconds": cpu, "median_s": t, "mb_s": start["text_mb"] / t,
            "docs_s": start["documents"] / t, "cpu_mb_s": start["text_mb"] / median(cpu),
            "legs": {"start_mb_s": start["mb_s"], "end_mb_s": end["mb_s"]}}


def reference_workload(repeats: int = 5) -> float:
    """Seconds (the fastest of `repeats`) of a fixed workload that runs none of claims's
    code: Python loops, a `regex` scan and JSON round trips over built-in text. The
    machine's speed drifts between runs; this says by how much, so two runs' figures can
    be compared (a higher time is a slower machine, not slower rules)."""
    import regex

    words = ["officials", "said", "the", "storm", "damaged", "1,200", "homes", "on", "Monday", "according", "to"]
    text = " ".join(words[(i * 7) % len(words)] for i in range(200_000))
    pattern = regex.compile(r"\b(?:said|according\s+to|damaged)\b|\d[\d,]*")
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        total = 0
        for i in range(2_000_000):
            total += i % 7
        found = sum(1 for _ in pattern.finditer(text))
        for _ in range(20):
            json.loads(json.dumps({"text": text[:20_000], "n": total, "found": found}))
        best = min(best, time.process_time() - start)
    return best


class TreeSampler:
    """Peak of the summed RSS of a process and its descendants, sampled (needs psutil)."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.peak = None
        try:
            import psutil
        except ImportError:
            return
        self.peak = 0
        self._psutil, self._pid, self._interval = psutil, pid, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        psutil = self._psutil
        try:
            root = psutil.Process(self._pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += proc.memory_info().rss
            except psutil.Error:
                break
            self.peak = max(self.peak, total)
            self._stop.wait(self._interval)

    def stop(self) -> Optional[float]:
        if self.peak is None:
            return None
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def run_cli(args: list[str]) -> dict:
    """One `claims` command in a subprocess: wall time, exit code, summary, peak memory."""
    cmd = [sys.executable, "-m", "claims.cli", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [threading.Thread(target=lambda s=s, c=c: c.append(s.read()), daemon=True)
               for s, c in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))]
    for r in readers:
        r.start()
    # wait4 reports the child's own peak and that of every descendant it waited for
    # (its pool workers): Linux's ru_maxrss is the largest single process, in KiB.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join()
    tree_peak = sampler.stop()
    stderr = b"".join(err_chunks).decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"`claims {' '.join(args)}` failed ({proc.returncode}):\n{stderr[-2000:]}")
    match = SUMMARY.search(" ".join(stderr.split()))
    summary = dict(zip(("read", "extracted", "unchanged", "skipped", "claims", "conflicting_groups"),
                       map(int, match.groups()))) if match else None
    return {"wall_s": wall, "exit": proc.returncode, "max_rss_mb": usage.ru_maxrss / 1024,
            "tree_peak_rss_mb": tree_peak, "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
            "summary": summary}


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db) + suffix).unlink()


def _end_to_end_run(corpus: dict, workdir: Path, jobs: int, label: str, n: int, runs: int,
                    extra: tuple[str, ...] = ()) -> dict:
    """One `claims extract` into a fresh database, removed afterwards."""
    db = workdir / f"e2e-{label or jobs}-{n}.db"
    _remove_db(db)
    args = ["extract", corpus["path"], "--db", str(db), "--quiet", *extra] + (["--jobs", str(jobs)] if jobs > 1 else [])
    result = run_cli(args)
    result["db_mb"] = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists()) / 1e6
    _remove_db(db)
    print(f"    {label or f'jobs {jobs}'} run {n + 1}/{runs}: {result['wall_s']:.2f} s, "
          f"max RSS {result['max_rss_mb']:.0f} MiB", flush=True)
    return result


def _end_to_end_summary(corpus: dict, jobs: int, results: list[dict]) -> dict:
    t = median([r["wall_s"] for r in results])
    cpu = median([r["user_s"] + r["sys_s"] for r in results])
    return {"jobs": jobs, "input_mb": corpus["mb"], "documents": corpus["documents"], "runs": results,
            "median_s": t, "mb_s": corpus["mb"] / t, "docs_s": corpus["documents"] / t,
            "cpu_s": cpu, "cpu_s_per_mb": cpu / corpus["mb"],
            "max_rss_mb": max(r["max_rss_mb"] for r in results),
            "tree_peak_rss_mb": max((r["tree_peak_rss_mb"] or 0) for r in results) or None,
            "summary": results[-1]["summary"]}


def time_end_to_end(corpus: dict, workdir: Path, runs: int, jobs: int = 1, label: str = "",
                    extra: tuple[str, ...] = ()) -> dict:
    """`claims extract` into a fresh database, `runs` times."""
    return _end_to_end_summary(corpus, jobs, [_end_to_end_run(corpus, workdir, jobs, label, n, runs, extra)
                                              for n in range(runs)])


def time_jobs_pairs(corpus: dict, workdir: Path, runs: int, jobs: int, label: str = "") -> tuple[dict, dict]:
    """`--jobs 1` and `--jobs N` runs taken in turn, so a drift of the machine's speed
    reaches both alike; the speed-up is the median of each pair's ratio."""
    ones, manys = [], []
    for n in range(runs):
        ones.append(_end_to_end_run(corpus, workdir, 1, f"{label}jobs 1", n, runs))
        manys.append(_end_to_end_run(corpus, workdir, jobs, f"{label}jobs {jobs}", n, runs))
    one, many = _end_to_end_summary(corpus, 1, ones), _end_to_end_summary(corpus, jobs, manys)
    many["pair_speedups"] = [a["wall_s"] / b["wall_s"] for a, b in zip(ones, manys)]
    many["speedup"] = median(many["pair_speedups"])
    many["jobs"] = jobs
    return one, many


_BURN = "x = 0\nfor i in range(8_000_000):\n    x += i % 7\n"


def parallel_capacity(jobs: int, repeats: int = 3) -> dict:
    """How much faster `jobs` processes of a fixed CPU-bound loop get through `jobs` loops
    than one process gets through one: the ceiling of any `--jobs` speed-up on this
    machine now. A shared host can give its CPUs the capacity of little more than one."""
    def wall(n: int) -> float:
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _BURN]) for _ in range(n)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - start

    pairs = [(wall(1), wall(jobs)) for _ in range(repeats)]
    return {"jobs": jobs, "alone_s": [a for a, _ in pairs], "together_s": [b for _, b in pairs],
            "speedup": median([jobs * a / b for a, b in pairs])}


@contextlib.contextmanager
def no_network():
    """Any attempt to open a network connection fails loudly: the peer must run offline."""
    real = socket.socket.connect

    def refuse(self, address):
        raise RuntimeError(f"network access attempted during the peer run: {address!r}")

    socket.socket.connect = refuse
    try:
        yield
    finally:
        socket.socket.connect = real


def time_peer(docs: list, runs: int) -> dict:
    """quantulum3.parser.parse over `docs`, and claims.extract over the same documents."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed": expected, see below
        from quantulum3 import classifier, parser
        import quantulum3

    text_mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    with no_network(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse("warm up: 3 km and 5 people")  # loads its unit tables
        times, found = [], 0
        for _ in range(runs):
            found = 0
            start = time.perf_counter()
            for d in docs:
                found += len(parser.parse(d.text))
            times.append(time.perf_counter() - start)
    ours = time_extraction(docs, runs)
    t = median(times)
    return {"tool": "quantulum3", "version": getattr(quantulum3, "__version__", None) or _dist_version("quantulum3"),
            "classifier": "installed" if getattr(classifier, "USE_CLF", False) else
            "not installed: quantulum3's no-classifier disambiguation, as shipped (no download)",
            "documents": len(docs), "text_mb": text_mb, "seconds": times, "median_s": t, "mb_s": text_mb / t,
            "quantities": found, "claims_same_docs": ours, "ratio": ours["mb_s"] / (text_mb / t)}


def _dist_version(name: str) -> Optional[str]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def profile_runs(docs: list, corpus: dict, workdir: Path, out_dir: Path, stamp: str) -> dict:
    """cProfile of extraction alone and of a whole in-process run (jobs 1): top lines to text files."""
    from claims.conflicts import rebuild_conflicts
    from claims.extract import extract
    from claims.pipeline import run_extract
    from claims.store import open_db

    files = {}
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        with contextlib.suppress(Exception):
            extract(d.text, source=d.source, meta=d.meta)
    prof.disable()
    files["extraction"] = _write_profile(prof, out_dir / f"{stamp}-profile-extraction.txt")

    db_path = workdir / "profile.db"
    _remove_db(db_path)
    db = open_db(db_path)
    prof = cProfile.Profile()
    prof.enable()
    run_extract(db, [corpus["path"]])
    rebuild_conflicts(db)
    prof.disable()
    db.conn.close()
    _remove_db(db_path)
    files["end_to_end"] = _write_profile(prof, out_dir / f"{stamp}-profile-end-to-end.txt")
    return files


def _write_profile(prof: cProfile.Profile, path: Path) -> str:
    buffer = io.StringIO()
    stats = pstats.Stats(prof, stream=buffer)
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(40)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------------- report


def environment() -> dict:
    from claims._build import COMPILED, compiled_modules
    from claims.rules.base import RULES_VERSION

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True)
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "commit": commit.stdout.strip() or None, "uncommitted_changes": bool(dirty.stdout.strip()),
            "rules_version": RULES_VERSION, "load_average_start": os.getloadavg(),
            # setup.py compiles the extraction core with mypyc unless CLAIMS_COMPILE=0 or no compiler
            "compiled_modules": len(compiled_modules()), "compilable_modules": len(COMPILED)}


def check_targets(res: dict) -> dict:
    checks = {}

    def check(name: str, measured: Optional[float], ok: Callable[[float], bool], note: str = "") -> None:
        if measured is not None:
            checks[name] = {"target": TARGETS[name], "measured": round(measured, 3), "met": bool(ok(measured)),
                            **({"note": note} if note else {})}

    if "extraction" in res:
        check("extraction_mb_s", res["extraction"]["mb_s"], lambda v: v >= TARGETS["extraction_mb_s"])
    if "scale" in res:  # the steady state: the larger corpus, where start-up is amortised
        big = res["scale"]["big"]
        check("end_to_end_mb_s", big["mb_s"], lambda v: v >= TARGETS["end_to_end_mb_s"],
              f"at {big['input_mb']:.0f} MB; {res['end_to_end']['mb_s']:.2f} MB/s at {res['end_to_end']['input_mb']:.0f} MB "
              f"including {res['fixed_cost']['wall_s']:.1f} s start-up")
    elif "end_to_end" in res:
        check("end_to_end_mb_s", res["end_to_end"]["mb_s"], lambda v: v >= TARGETS["end_to_end_mb_s"])
    if "scale" in res and res["scale"].get("big_jobs"):  # the steady state, as for end to end
        big_jobs = res["scale"]["big_jobs"]
        note = f"at {res['scale']['big']['input_mb']:.0f} MB, median of paired runs"
        if "jobs" in res:
            note += f"; {res['jobs']['speedup']:.2f}x at {res['jobs']['input_mb']:.0f} MB, start-up included"
        if _capacity_text(res["environment"]):
            note += "; " + _capacity_text(res["environment"])
        check("jobs_speedup", big_jobs["speedup"], lambda v: v >= TARGETS["jobs_speedup"], note)
    elif "jobs" in res:
        check("jobs_speedup", res["jobs"]["speedup"], lambda v: v >= TARGETS["jobs_speedup"])
    if "scale" in res:
        check("linearity_ratio_per_10x", res["scale"]["time_ratio_per_10x"],
              lambda v: v <= TARGETS["linearity_ratio_per_10x"])
    if "long_document" in res:
        check("long_document_ratio_per_10x", res["long_document"]["time_ratio_per_10x"],
              lambda v: v <= TARGETS["long_document_ratio_per_10x"])
    if "memory" in res:
        mem = res["memory"]
        note = "" if mem["input_mb"] >= 199 else f"measured at {mem['input_mb']:.0f} MB, not 200 MB"
        check("peak_rss_mb_at_200mb", mem["max_rss_mb"], lambda v: v < TARGETS["peak_rss_mb_at_200mb"], note)
    if "peer" in res:
        check("peer_ratio", res["peer"]["ratio"], lambda v: v >= TARGETS["peer_ratio"])
    return checks


def _reference_line(env: dict) -> str:
    start, end = env.get("reference_s_start"), env.get("reference_s_end")
    if start is None:
        return ""
    line = (f"Machine speed: a fixed reference workload took {start * 1000:.0f} ms at the start"
            + (f" and {end * 1000:.0f} ms at the end" if end is not None else "")
            + " (compare runs by it: more is a slower machine).")
    capacity = _capacity_text(env)
    return line + (f" {capacity[0].upper()}{capacity[1:]}." if capacity else "")


def _compiled_text(env: dict) -> str:
    done, of = env.get("compiled_modules"), env.get("compilable_modules")
    if done is None:
        return "compiled state not recorded"
    if done == 0:
        return "extraction core as plain Python"
    return "extraction core compiled by mypyc" + ("" if done == of else f" ({done} of {of} modules)")


def _capacity_text(env: dict) -> str:
    """What the machine's own parallel speed-up was, at the start and end of the run."""
    seen = [env[k] for k in ("parallel_capacity_start", "parallel_capacity_end") if env.get(k)]
    if not seen:
        return ""
    when = "at the start and at the end" if len(seen) == 2 else "at the start"
    return (f"the machine's own speed-up for {seen[0]['jobs']} processes of a fixed CPU-bound loop was "
            + " and ".join(f"{c['speedup']:.2f}x" for c in seen) + f" {when} of the run: the ceiling"
            f" of any `--jobs {seen[0]['jobs']}` speed-up here")


def markdown(res: dict) -> str:
    env = res["environment"]
    lines = [
        "# Benchmark results",
        "",
        f"Run {res['started']} with `python benchmarks/bench.py {' '.join(res['argv'])}`",
        f"(commit {env['commit']}{' plus uncommitted changes' if env['uncommitted_changes'] else ''}, "
        f"rules {env['rules_version']}, Python {env['python']}, {env['cpus']} CPUs, "
        f"load average {env['load_average_start'][0]:.2f} at start; {_compiled_text(env)}).",
        f"Corpus: {res['corpus']['source']} repeated to {res['corpus']['mb']:.1f} MB "
        f"({res['corpus']['documents']} documents). Times are medians of {res['runs']} runs unless said.",
        _reference_line(env),
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
    ]
    targets = res.get("targets", {})

    def row(name: str, text: str, target_key: Optional[str] = None, target_text: str = "") -> None:
        mark = ""
        if target_key in targets:
            mark = " (met)" if targets[target_key]["met"] else " (NOT met)"
        lines.append(f"| {name} | {text} | {target_text}{mark} |")

    if "extraction" in res:
        e = res["extraction"]
        legs = e.get("legs")
        row("extraction only, 1 core", f"{e['mb_s']:.2f} MB/s, {e['docs_s']:.1f} docs/s ({e['claims']} claims); "
            f"{e['cpu_mb_s']:.2f} MB per CPU-second"
            + (f"; median of {len(e['seconds'])} runs, {len(e['seconds']) // 2} at the start "
               f"({legs['start_mb_s']:.2f} MB/s) and {len(e['seconds']) // 2} at the end "
               f"({legs['end_mb_s']:.2f} MB/s)" if legs else ""),
            "extraction_mb_s", ">= 2 MB/s")
    if "end_to_end" in res:
        e = res["end_to_end"]
        row(f"`claims extract` end to end, {e['input_mb']:.0f} MB",
            f"{e['mb_s']:.2f} MB/s ({e['median_s']:.1f} s, {e['cpu_s_per_mb']:.2f} CPU-s/MB; "
            f"start-up alone {res['fixed_cost']['wall_s']:.1f} s)",
            None if "scale" in res else "end_to_end_mb_s", "" if "scale" in res else ">= 1 MB/s")
        row("peak memory, end to end", f"{e['max_rss_mb']:.0f} MiB at {e['input_mb']:.0f} MB")
    steady_jobs = "scale" in res and res["scale"].get("big_jobs")
    if "jobs" in res:
        j = res["jobs"]
        row(f"`--jobs {j['jobs']}`, {j['input_mb']:.0f} MB", f"{j['mb_s']:.2f} MB/s, {j['speedup']:.2f}x `--jobs 1`",
            None if steady_jobs else "jobs_speedup", "" if steady_jobs else ">= 1.7x")
    if "dask" in res:
        d = res["dask"]
        row(f"`--dask local:{d['workers']}`", f"{d['mb_s']:.2f} MB/s ({d['median_s']:.1f} s, cluster start included)")
    if "scale" in res:
        s = res["scale"]
        row(f"`claims extract` end to end, {s['big']['input_mb']:.0f} MB",
            f"{s['big']['mb_s']:.2f} MB/s ({s['big']['median_s']:.1f} s, {s['big']['cpu_s_per_mb']:.2f} CPU-s/MB)",
            "end_to_end_mb_s", ">= 1 MB/s")
        if s.get("big_jobs"):
            bj = s["big_jobs"]
            row(f"`--jobs {bj['jobs']}`, {s['big']['input_mb']:.0f} MB",
                f"{bj['mb_s']:.2f} MB/s ({bj['median_s']:.1f} s), {bj['speedup']:.2f}x `--jobs 1`", "jobs_speedup", ">= 1.7x")
        row(f"linearity ({s['factor']}x input)", f"{s['time_ratio']:.2f}x time "
            f"({s['time_ratio_per_10x']:.2f}x per 10x; {s['time_ratio_less_fixed_cost']:.2f}x without start-up)",
            "linearity_ratio_per_10x", "<= 11x per 10x")
        row(f"peak memory at {s['big']['input_mb']:.0f} MB", f"{s['big']['max_rss_mb']:.0f} MiB")
    if "long_document" in res:
        d = res["long_document"]
        row(f"one long document, {d['small_mb']:.2f} and {d['big_mb']:.2f} MB",
            f"{d['time_ratio']:.2f}x time for {d['size_ratio']:.1f}x text ({d['time_ratio_per_10x']:.2f}x per 10x; "
            f"{d['small_mb_s']:.2f} and {d['big_mb_s']:.2f} MB/s)",
            "long_document_ratio_per_10x", "<= 11x per 10x")
    if "memory" in res:
        m = res["memory"]
        tree = f", {m['tree_peak_rss_mb']:.0f} MiB summed over the process tree" if m.get("tree_peak_rss_mb") else ""
        row(f"peak memory at {m['input_mb']:.0f} MB (`--jobs {m['jobs']}`, 1 run)",
            f"{m['max_rss_mb']:.0f} MiB largest process{tree}; {m['mb_s']:.2f} MB/s",
            "peak_rss_mb_at_200mb", "< 300 MB at 200 MB")
    if "peer" in res:
        p = res["peer"]
        row(f"quantulum3 {p['version']} (same {p['documents']} docs)",
            f"{p['mb_s']:.3f} MB/s; claims {p['claims_same_docs']['mb_s']:.2f} MB/s = {p['ratio']:.0f}x",
            "peer_ratio", ">= 50x")
    lines += ["", "MB = 10^6 bytes (document text for extraction and the peer, input file end to end); "
              "memory is ru_maxrss of the largest process.", ""]
    return "\n".join(lines)


def plot(res: dict, path: Path) -> Optional[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(6, 3.6), dpi=100)
    series: dict[str, list[tuple[float, float]]] = {}
    if "extraction" in res:
        series.setdefault("extraction only (1 core)", []).append((res["corpus"]["mb"], res["extraction"]["mb_s"]))
    for key in ("end_to_end", "scale_big"):
        item = res["scale"]["big"] if key == "scale_big" and "scale" in res else res.get(key)
        if item:
            series.setdefault("end to end, --jobs 1", []).append((item["input_mb"], item["mb_s"]))
    for key in ("jobs", "memory"):
        item = res.get(key)
        if item:
            series.setdefault(f"end to end, --jobs {item['jobs']}", []).append((item["input_mb"], item["mb_s"]))
    for label, points in series.items():
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    ax.axhline(TARGETS["extraction_mb_s"], color="grey", linestyle=":", linewidth=1)
    ax.axhline(TARGETS["end_to_end_mb_s"], color="grey", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel("corpus size (MB)")
    ax.set_ylabel("throughput (MB/s)")
    ax.set_title("claims throughput against corpus size (targets dotted/dashed)", fontsize=9)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return str(path)


# ------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                   help="JSON Lines of real articles to repeat (default: %(default)s)")
    p.add_argument("--size-mb", type=float, default=2.0, help="size of the base corpus in MB (default: 2)")
    p.add_argument("--runs", type=int, default=3, help="runs per measure; the median is reported (default: 3)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes for the --jobs measure (default: 2)")
    p.add_argument("--scale", type=int, default=10, help="how many times larger the linearity corpus is (default: 10)")
    p.add_argument("--scale-runs", type=int, default=5,
                   help="runs (pairs, with --jobs) on the larger corpus, where the --jobs speed-up is judged (default: 5)")
    p.add_argument("--long-mb", type=float, default=0.25,
                   help="size of the smaller long document in MB; the larger is 8 times it (default: 0.25)")
    p.add_argument("--memory-mb", type=float, default=0,
                   help="also one end-to-end run over a corpus of this size, for peak memory (e.g. 200; default: off)")
    p.add_argument("--memory-jobs", type=int, default=2, help="--jobs for the memory run (default: 2)")
    p.add_argument("--peer-docs", type=int, default=144,
                   help="documents given to quantulum3 (and to claims for the ratio; default: 144)")
    p.add_argument("--skip", nargs="*", default=[], choices=STEPS, help="measures to leave out")
    p.add_argument("--dask", type=int, default=0, metavar="N",
                   help="also time `claims extract --dask local:N` on the base corpus (needs the dask extra; default: off)")
    p.add_argument("--profile", action="store_true", help="also write cProfile top lines of extraction and of a run")
    p.add_argument("--workdir", type=Path, default=None, help="where corpora and databases go (default: a temp dir)")
    p.add_argument("--out", type=Path, default=HERE / "results", help="results folder (default: %(default)s)")
    p.add_argument("--publish", action="store_true",
                   help="also write benchmarks/RESULTS.md and benchmarks/throughput.png from this run")
    return p.parse_args(argv)


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if not args.source.is_file():
        raise SystemExit(f"{args.source}: no such corpus file (use --source)")
    sys.path.insert(0, str(REPO))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    res: dict = {"started": stamp, "argv": argv, "runs": args.runs, "environment": environment()}
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="claims-bench-")) if own_workdir else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    res["environment"]["reference_s_start"] = reference_workload()
    try:
        print(f"building a {args.size_mb:g} MB corpus from {args.source}", flush=True)
        base = build_corpus(args.source, workdir / "corpus-1x.jsonl", int(args.size_mb * 1e6))
        res["corpus"] = {**base, "source": str(args.source)}
        docs = load_documents(Path(base["path"]))

        if "extract" not in args.skip:
            print("extraction only, in process (again at the end)", flush=True)
            res["extraction"] = time_extraction(docs, args.runs)
            print(f"  {res['extraction']['mb_s']:.2f} MB/s", flush=True)
        if "jobs" not in args.skip:
            print(f"the machine's own speed-up for {args.jobs} processes", flush=True)
            res["environment"]["parallel_capacity_start"] = parallel_capacity(args.jobs)
            print(f"  {res['environment']['parallel_capacity_start']['speedup']:.2f}x", flush=True)
            print(f"end to end, --jobs 1 and --jobs {args.jobs} in turn", flush=True)
            res["end_to_end"], res["jobs"] = time_jobs_pairs(base, workdir, args.runs, args.jobs)
            res["fixed_cost"] = _fixed_cost(workdir)
            print(f"  {res['end_to_end']['mb_s']:.2f} MB/s; --jobs {args.jobs} {res['jobs']['mb_s']:.2f} MB/s, "
                  f"{res['jobs']['speedup']:.2f}x", flush=True)
        elif "e2e" not in args.skip or "scale" not in args.skip:
            print("end to end, --jobs 1", flush=True)
            res["end_to_end"] = time_end_to_end(base, workdir, args.runs, jobs=1)
            print(f"  {res['end_to_end']['mb_s']:.2f} MB/s", flush=True)
            res["fixed_cost"] = _fixed_cost(workdir)
        if args.dask:
            print(f"end to end, --dask local:{args.dask}", flush=True)
            res["dask"] = time_end_to_end(base, workdir, args.runs, label="dask", extra=("--dask", f"local:{args.dask}"))
            res["dask"]["workers"] = args.dask
            print(f"  {res['dask']['mb_s']:.2f} MB/s", flush=True)
        if "scale" not in args.skip:
            print(f"end to end on a {args.scale}x corpus", flush=True)
            big_corpus = build_corpus(args.source, workdir / f"corpus-{args.scale}x.jsonl",
                                      int(args.size_mb * args.scale * 1e6))
            big_jobs = None
            if "jobs" not in args.skip:  # the speed-up where start-up no longer dominates
                big, big_jobs = time_jobs_pairs(big_corpus, workdir, args.scale_runs or args.runs, args.jobs,
                                                label=f"{args.scale}x, ")
            else:
                big = time_end_to_end(big_corpus, workdir, args.scale_runs or args.runs, jobs=1, label=f"{args.scale}x")
            Path(big_corpus["path"]).unlink()
            small = res["end_to_end"]
            size_ratio = big["input_mb"] / small["input_mb"]
            ratio = big["median_s"] / small["median_s"]
            fixed = res["fixed_cost"]["wall_s"]
            res["scale"] = {"factor": args.scale, "size_ratio": size_ratio, "time_ratio": ratio,
                            "time_ratio_per_10x": ratio * 10 / size_ratio,
                            "time_ratio_less_fixed_cost": (big["median_s"] - fixed) / max(small["median_s"] - fixed, 1e-9),
                            "big": big, "big_jobs": big_jobs,
                            "claims_scale_exactly": (big["summary"] or {}).get("claims", -1) * base["copies"]
                            == (small["summary"] or {}).get("claims", -1) * big_corpus["copies"]}
            print(f"  {ratio:.2f}x time for {size_ratio:.1f}x input", flush=True)
        if "long" not in args.skip:
            print("one long document, and one 8 times as long", flush=True)
            res["long_document"] = time_long_document(docs, args.runs, args.long_mb)
            print(f"  {res['long_document']['time_ratio']:.2f}x time for {res['long_document']['size_ratio']:.1f}x text",
                  flush=True)
        if args.memory_mb:
            print(f"peak memory: one run over {args.memory_mb:g} MB, --jobs {args.memory_jobs}", flush=True)
            mem_corpus = build_corpus(args.source, workdir / "corpus-memory.jsonl", int(args.memory_mb * 1e6))
            res["memory"] = time_end_to_end(mem_corpus, workdir, 1, jobs=args.memory_jobs, label="memory")
            Path(mem_corpus["path"]).unlink()
        if "peer" not in args.skip:
            peer_docs = docs[:args.peer_docs]
            print(f"quantulum3 over {len(peer_docs)} documents", flush=True)
            res["peer"] = time_peer(peer_docs, args.runs)
            print(f"  {res['peer']['mb_s']:.3f} MB/s; claims is {res['peer']['ratio']:.0f}x", flush=True)
        if args.profile:
            print("profiling", flush=True)
            res["profiles"] = profile_runs(docs, base, workdir, args.out, stamp)
        if "extraction" in res:
            print("extraction only, in process, at the end", flush=True)
            end = time_extraction(docs, args.runs)
            print(f"  {end['mb_s']:.2f} MB/s", flush=True)
            res["extraction"] = both_legs(res["extraction"], end)
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    res["environment"]["load_average_end"] = os.getloadavg()
    res["environment"]["reference_s_end"] = reference_workload()
    if "jobs" not in args.skip:
        res["environment"]["parallel_capacity_end"] = parallel_capacity(args.jobs)
    res["targets"] = check_targets(res)
    json_path = args.out / f"{stamp}.json"
    json_path.write_text(json.dumps(res, indent=2), encoding="utf-8")
    md = markdown(res)
    (args.out / f"{stamp}.md").write_text(md, encoding="utf-8")
    png = plot(res, args.out / f"{stamp}.png")
    if args.publish:
        published = HERE / "RESULTS.md"
        notes = ""  # hand-written notes below the marker survive a new --publish
        if published.exists() and NOTES_MARKER in published.read_text(encoding="utf-8"):
            notes = published.read_text(encoding="utf-8").split(NOTES_MARKER, 1)[1]
        published.write_text(md + "\n![throughput against corpus size](throughput.png)\n\n" + NOTES_MARKER + notes,
                             encoding="utf-8")
        if png:
            shutil.copyfile(png, HERE / "throughput.png")
    print(md)
    print(f"results: {json_path}" + (f", plot: {png}" if png else ""))
    return 0


def _fixed_cost(workdir: Path) -> dict:
    """`claims extract` over one short document: interpreter start, imports, schema, conflicts."""
    one = workdir / "one.jsonl"
    one.write_text(json.dumps({"text": "The council said 12 people attended."}) + "\n", encoding="utf-8")
    db = workdir / "one.db"
    _remove_db(db)
    result = run_cli(["extract", str(one), "--db", str(db), "--quiet"])
    _remove_db(db)
    return {"wall_s": result["wall_s"], "max_rss_mb": result["max_rss_mb"]}


if __name__ == "__main__":
    sys.exit(main())
