"""Problems with the user's input: collected, then reported together, in Chinese."""

from __future__ import annotations

from pathlib import Path

from .records import record


@record(frozen=True)
class Problem:
    """One thing wrong with the input: where, what, and how to fix it."""

    file: Path | str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        if not str(self.file):  # a problem of no file (a mail server's answer)
            return self.message
        where = f"{self.file}"
        if self.line:
            where += f" 第 {self.line} 行"
            if self.col:
                where += f"第 {self.col} 列"
        return f"{where}：{self.message}"


class InputError(Exception):
    """Bad input: exit code 2, every problem printed, no traceback, no PDF written.

    `closing` replaces the closing line ("没有生成 PDF。") where it would not be true: a
    failure of sending comes after the PDF was built."""

    def __init__(self, problems: list[Problem], closing: str | None = None):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.closing = closing


def fail(file, line, col, message) -> InputError:
    return InputError([Problem(file, line, col, message)])
