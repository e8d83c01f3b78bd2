"""Time whole `typeset` processes against Typst on the same content, fonts and page geometry.

    pip install typst            # the benchmark's only extra dependency
    python benchmarks/run.py     # [--runs 7] [--pages 40]

For the sample issue and a long issue (the sample's sections repeated to about --pages
pages), each round runs `typeset ISSUE.yaml` and a Typst compile of the generated .typ as
fresh processes, one after the other, so that both see the same machine load. Prints the
median wall time of each, the median of the per-round ratios (typeset / Typst), the peak
RSS and the PDF sizes; with the cache cold (a fresh cache folder each round) and warm.
Where xelatex (with xeCJK) is installed, the same content set by XeLaTeX is timed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_long_issue import write_long_issue  # noqa: E402
from to_latex import to_latex  # noqa: E402
from to_typst import to_typst  # noqa: E402


def run(args: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss


def typeset_command() -> list[str]:
    exe = shutil.which("typesetter")
    return [exe] if exe else [sys.executable, "-m", "typesetter"]


def bench(name: str, manifest: Path, work: Path, runs: int) -> None:
    typ = work / f"{name}.typ"
    typ.write_text(to_typst(manifest), encoding="utf-8")
    ours_pdf, typst_pdf = work / f"{name}.pdf", work / f"{name}-typst.pdf"
    typst_cmd = [sys.executable, "-c",
                 "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])",
                 str(typ), str(typst_pdf), str(ROOT / "fonts")]
    base_env = dict(os.environ, PYTHONPATH=str(ROOT))
    warm_cache = work / "cache-warm"
    rows = {"cold": [], "warm": []}
    for _ in range(runs):
        for mode in ("cold", "warm"):
            cache = Path(tempfile.mkdtemp(dir=work)) if mode == "cold" else warm_cache
            env = dict(base_env, TYPESETTER_CACHE=str(cache))
            ours = run(typeset_command() + [str(manifest), "-o", str(ours_pdf)], env)
            theirs = run(typst_cmd, base_env)
            rows[mode].append((ours, theirs))
            if mode == "cold":
                shutil.rmtree(cache)
    pages = subprocess.run([sys.executable, "-c", "import sys, pypdf; print(len(pypdf.PdfReader(sys.argv[1]).pages))",
                            str(ours_pdf)], capture_output=True, text=True).stdout.strip() or "?"
    print(f"\n{name}: {pages} pages")
    for mode, results in rows.items():
        ours_t = statistics.median(o[0] for o, _ in results)
        typst_t = statistics.median(t[0] for _, t in results)
        ratio = statistics.median(o[0] / t[0] for o, t in results)
        ours_rss = max(o[1] for o, _ in results) / 1024
        typst_rss = max(t[1] for _, t in results) / 1024
        print(f"  {mode:4} cache: typeset {ours_t:.3f} s, Typst {typst_t:.3f} s, ratio {ratio:.2f}; "
              f"peak RSS {ours_rss:.0f} MB vs {typst_rss:.0f} MB")
    print(f"  PDF: typeset {ours_pdf.stat().st_size / 1024:.0f} KB, Typst {typst_pdf.stat().st_size / 1024:.0f} KB")
    if shutil.which("xelatex"):  # where TeX Live with xeCJK is installed
        tex = work / f"{name}.tex"
        tex.write_text(to_latex(manifest), encoding="utf-8")
        cmd = ["xelatex", "-interaction=batchmode", "-output-directory", str(work), str(tex)]
        times = [run(cmd, base_env) for _ in range(max(1, runs // 2))]
        size = (work / f"{name}.pdf").stat().st_size  # xelatex overwrote ours: measured last
        print(f"  XeLaTeX: {statistics.median(t for t, _ in times):.3f} s, peak RSS "
              f"{max(m for _, m in times) / 1024:.0f} MB, PDF {size / 1024:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", type=int, default=40)
    opts = parser.parse_args()
    try:
        import typst  # noqa: F401
    except ImportError:
        raise SystemExit("pip install typst  (the benchmark compares against it)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench("sample", ROOT / "issues" / "2023-10.yaml", work, opts.runs)
        long_issue = write_long_issue(opts.pages, work / f"long{opts.pages}.yaml")
        bench(f"long{opts.pages}", long_issue, work, opts.runs)


if __name__ == "__main__":
    main()
