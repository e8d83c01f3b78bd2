"""Problems with the user's input: collected, then reported together, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what, and how to fix it."""

    file: Path | str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.line:
            where += f" 第 {self.line} 行"
            if self.col:
                where += f"第 {self.col} 列"
        return f"{where}：{self.message}"


class InputError(Exception):
    """Bad input: exit code 2, every problem printed, no traceback, no PDF written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def fail(file, line, col, message) -> InputError:
    return InputError([Problem(file, line, col, message)])
