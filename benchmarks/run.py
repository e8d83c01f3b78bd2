"""Time whole `typeset` processes against Typst on the same content, fonts and page geometry.

    pip install typst            # the benchmark's only extra dependency
    python benchmarks/run.py     # [--runs 7] [--only sample long40 long400 photos]

The issues: the sample (issues/2023-10.yaml); 40 and 400 pages whose every paragraph is
different (the sample's sentences recombined, numbers changed: make_long_issue.py); and a
photo issue, eight articles each with a 12 MP phone photo of 3–5 MB, two of them turned by
EXIF. Each round runs `typeset ISSUE.yaml` and a Typst compile of the same content
(to_typst.py) as fresh processes, one after the other (which goes first alternates), so
that both see the same machine load; an untimed first round writes the bytecode (as an
installed package has it) and brings the files into the page cache. Cold: every typeset process gets a new, empty cache
folder (TYPESETTER_CACHE); warm: one cache folder kept across the rounds, as on an
editor's machine. Prints the median wall time of each, the median of the per-round ratios
(typeset / Typst), the peak RSS of each process and the PDF sizes.
Where xelatex (with xeCJK) is installed, the text issues set by XeLaTeX are timed too.
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

ISSUES = ("sample", "long40", "long400", "photos")


def run(args: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one fresh process."""
    # messages to a file, not a pipe: a long issue's proofing report would fill a pipe
    # that nobody reads until the process ends, and the process would wait for ever
    with tempfile.TemporaryFile() as messages:
        start = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=messages)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            messages.seek(0)
            raise SystemExit(f"failed: {' '.join(args)}\n{messages.read().decode()}")
    return wall, usage.ru_maxrss


def typeset_command() -> list[str]:
    exe = shutil.which("typesetter")
    return [exe] if exe else [sys.executable, "-m", "typesetter"]


def page_count(pdf: Path) -> str:
    return subprocess.run([sys.executable, "-c", "import sys, pypdf; print(len(pypdf.PdfReader(sys.argv[1]).pages))",
                           str(pdf)], capture_output=True, text=True).stdout.strip() or "?"


def bench(name: str, manifest: Path, work: Path, runs: int) -> dict:
    typ = work / f"{name}.typ"  # the photo issue's pictures are in work/photos
    typ.write_text(to_typst(manifest, work), encoding="utf-8")
    ours_pdf, typst_pdf = work / f"{name}.pdf", work / f"{name}-typst.pdf"
    typst_cmd = [sys.executable, "-c",
                 "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])",
                 str(typ), str(typst_pdf), str(ROOT / "fonts")]
    # Bytecode as an installed package has it (pip compiles at install): written once, to a
    # folder of the benchmark's own, by the untimed first round below.
    base_env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(work / "pycache"))
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    warm_cache = work / f"cache-warm-{name}"
    rows: dict[str, list] = {"cold": [], "warm": []}
    # an untimed round: bytecode written, files in the page cache, for both programs
    run(typeset_command() + [str(manifest), "-o", str(ours_pdf)], dict(base_env, TYPESETTER_CACHE=str(warm_cache)))
    run(typst_cmd, base_env)
    for k in range(runs):
        for mode in ("cold", "warm"):
            cache = Path(tempfile.mkdtemp(dir=work)) if mode == "cold" else warm_cache
            env = dict(base_env, TYPESETTER_CACHE=str(cache))
            ours_cmd = typeset_command() + [str(manifest), "-o", str(ours_pdf)]
            if k % 2 == 0:
                ours, theirs = run(ours_cmd, env), run(typst_cmd, base_env)
            else:
                theirs, ours = run(typst_cmd, base_env), run(ours_cmd, env)
            rows[mode].append((ours, theirs))
            if mode == "cold":
                shutil.rmtree(cache)
    result = {"name": name, "pages": page_count(ours_pdf),
              "pdf": ours_pdf.stat().st_size, "typst_pdf": typst_pdf.stat().st_size}
    print(f"\n{name}: {result['pages']} pages")
    for mode, timings in rows.items():
        figures = {
            "ours": statistics.median(o[0] for o, _ in timings),
            "typst": statistics.median(t[0] for _, t in timings),
            "ratio": statistics.median(o[0] / t[0] for o, t in timings),
            "rss": max(o[1] for o, _ in timings) / 1024,
            "typst_rss": max(t[1] for _, t in timings) / 1024,
        }
        result[mode] = figures
        print(f"  {mode:4} cache: typeset {figures['ours']:.3f} s, Typst {figures['typst']:.3f} s, "
              f"ratio {figures['ratio']:.2f}; peak RSS {figures['rss']:.0f} MB vs {figures['typst_rss']:.0f} MB")
    print(f"  PDF: typeset {result['pdf'] / 1024:.0f} KB, Typst {result['typst_pdf'] / 1024:.0f} KB "
          f"(1/{result['typst_pdf'] / result['pdf']:.1f})")
    if shutil.which("xelatex") and name != "photos":  # where TeX Live with xeCJK is installed
        tex = work / f"{name}.tex"
        tex.write_text(to_latex(manifest), encoding="utf-8")
        cmd = ["xelatex", "-interaction=batchmode", "-output-directory", str(work), str(tex)]
        times = [run(cmd, base_env) for _ in range(max(1, runs // 2))]
        size = (work / f"{name}.pdf").stat().st_size  # xelatex overwrote ours: measured last
        print(f"  XeLaTeX: {statistics.median(t for t, _ in times):.3f} s, peak RSS "
              f"{max(m for _, m in times) / 1024:.0f} MB, PDF {size / 1024:.0f} KB")
    return result


def manifest_for(name: str, work: Path) -> Path:
    if name == "sample":
        return ROOT / "issues" / "2023-10.yaml"
    if name == "photos":
        # made by a process of its own: the photos' pixels would stay in this one, and a
        # process started from it counts them in its peak RSS (the fork before exec shares
        # them): every timed process would seem to hold some 150 MB more than it does
        manifest = work / "photos" / "photos.yaml"
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                        "from make_long_issue import write_photo_issue; from pathlib import Path; "
                        "write_photo_issue(Path(sys.argv[2]))", str(HERE), str(manifest)], check=True)
        return manifest
    return write_long_issue(int(name.removeprefix("long")), work / f"{name}.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", nargs="+", choices=ISSUES, default=list(ISSUES))
    opts = parser.parse_args()
    try:
        import typst  # noqa: F401
    except ImportError:
        raise SystemExit("pip install typst  (the benchmark compares against it)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results = [bench(name, manifest_for(name, work), work, opts.runs) for name in opts.only]
    print("\n| issue | pages | typeset cold | Typst | ratio cold | ratio warm | peak RSS | PDF | Typst PDF |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        cold, warm = r["cold"], r["warm"]
        print(f"| {r['name']} | {r['pages']} | {cold['ours']:.2f} s | {cold['typst']:.2f} s | {cold['ratio']:.2f} "
              f"| {warm['ratio']:.2f} | {cold['rss']:.0f} MB | {r['pdf'] / 1024:.0f} KB | {r['typst_pdf'] / 1024:.0f} KB |")


if __name__ == "__main__":
    main()
