"""Write a long issue: the sample issue's sections repeated until it has about N pages.

    python benchmarks/make_long_issue.py 40 /tmp/long40.yaml
"""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PAGES = 7  # the sample issue typesets to 7 pages


def long_issue(pages: int) -> dict:
    sample = yaml.safe_load((ROOT / "issues" / "2023-10.yaml").read_text(encoding="utf-8"))
    copies = max(1, round(pages / SAMPLE_PAGES))
    sections = []
    for k in range(copies):
        for section in sample["sections"]:
            section = dict(section, name=f"{section['name']}（{k + 1}）")
            sections.append(section)
    sample["sections"] = sections
    sample["contents"] = False  # a 40-page contents box is not what this measures
    return sample


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # manifests have no aliases: write repeats out in full
        return True


def write_long_issue(pages: int, out: Path) -> Path:
    out.write_text(yaml.dump(long_issue(pages), Dumper=_Dumper, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    return out


if __name__ == "__main__":
    write_long_issue(int(sys.argv[1]), Path(sys.argv[2]))
