"""Time the render stage alone: lay an issue out once, then render it again and again.

    python benchmarks/render_stage.py                 # the sample, 40 pages, the photo issue
    python benchmarks/render_stage.py --runs 30 ISSUE.yaml …

Rendering turns the laid-out pages into PDF bytes (render.py and beside it: the text
operators, font subsets, structure tree, compression). Each issue is set once; its first
render, which also codes every character and builds the number tables for the first time,
is reported on its own, then the median and fastest of the rest, in wall and CPU time (the
CPU time is steadier on a busy machine), with the PDF's size. Profile with --profile.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from make_long_issue import write_long_issue, write_photo_issue  # noqa: E402


def _set(manifest: Path):
    from typesetter.build import check_coverage, open_fonts
    from typesetter.layout import lay_out
    from typesetter.manifest import load_issue
    from typesetter.proofing import proof_issue

    issue = load_issue(manifest)
    proof_issue(issue)
    fonts = open_fonts(issue)
    check_coverage(issue, fonts)
    doc, _ = lay_out(issue, fonts)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("issues", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="cProfile one render of each, by own time")
    args = parser.parse_args()

    from typesetter.build import CREATOR
    from typesetter.render import render

    with tempfile.TemporaryDirectory() as tmp:
        issues = args.issues
        if not issues:
            write_long_issue(40, Path(tmp) / "long40.yaml")
            issues = [ROOT / "issues" / "2023-10.yaml", Path(tmp) / "long40.yaml",
                      write_photo_issue(Path(tmp) / "photos.yaml")]
        for manifest in issues:
            doc = _set(manifest)
            if args.profile:
                import cProfile
                import pstats

                render(doc, CREATOR)
                profile = cProfile.Profile()
                profile.runcall(render, doc, CREATOR)
                print(manifest.stem)
                pstats.Stats(profile).sort_stats("tottime").print_stats(25)
                continue
            wall, cpu = [], []
            for _ in range(args.runs + 1):
                t, c = time.perf_counter(), time.process_time()
                data = render(doc, CREATOR)
                wall.append(1000 * (time.perf_counter() - t))
                cpu.append(1000 * (time.process_time() - c))
            print(f"{manifest.stem:10s} {len(doc.pages):3d} pages {len(data):9,d} B   first {wall[0]:6.1f} ms   "
                  f"then wall median {statistics.median(wall[1:]):6.1f} min {min(wall[1:]):6.1f}, "
                  f"CPU median {statistics.median(cpu[1:]):6.1f} min {min(cpu[1:]):6.1f} ms")


if __name__ == "__main__":
    main()
