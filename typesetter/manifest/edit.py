"""Editing a manifest in place, as the editor wrote it: comments, key order, quoting and
indentation are kept (ruamel.yaml's round trip), and the file is replaced atomically.

Used by `typeset new` and `typeset add` only: ruamel.yaml is imported here and never on
the plain build path.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import InputError, Problem
from .loader import compose, read_text


class ManifestDocument:
    """A manifest's YAML as an editable tree that writes back in the same layout."""

    def __init__(self, path: Path, text: str):
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError
        from ruamel.yaml.util import load_yaml_guess_indent

        self.path = path
        self.source = text  # the text as read, before any edit
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096  # never re-wrap a long line of text
        try:
            _, sequence, offset = load_yaml_guess_indent(text)
        except YAMLError:
            sequence, offset = 4, 2
        yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 4, offset=offset or 0)
        self._yaml = yaml
        self.data = yaml.load(text)

    @classmethod
    def read(cls, path: Path) -> "ManifestDocument":
        """The manifest at path; YAML errors are explained as for a build."""
        text = read_text(path)
        root = compose(path, text)  # the same messages as a build for a file that is no YAML
        if root is None or not hasattr(root, "value") or not isinstance(root.value, list):
            raise InputError([Problem(path, None, None, "清单的顶层应是键值表（masthead:、sections: …）。")])
        return cls(path, text)

    def mapping(self, key: str, where: str):
        from ruamel.yaml.comments import CommentedMap

        value = self.data.get(key) if isinstance(self.data, CommentedMap) else None
        if not isinstance(value, CommentedMap):
            raise InputError([Problem(self.path, None, None, f"清单缺少 {key}（{where}），或它不是键值表。")])
        return value

    def sections(self):
        from ruamel.yaml.comments import CommentedSeq

        value = self.data.get("sections")
        if not isinstance(value, CommentedSeq):
            raise InputError([Problem(self.path, None, None,
                "清单缺少 sections（栏目列表），或它不是列表。请写成“sections:”下一行起“  - name: 栏目名”。")])
        return value

    def dumps(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    def write(self, text: str | None = None) -> None:
        """Replace the manifest with the edited text (`text`: that text when already dumped),
        atomically: never half written."""
        from ..files import write_atomically

        write_atomically(self.path, (self.dumps() if text is None else text).encode("utf-8"), "清单")


def block_seq(items=()):
    """A list that is written in block style (one "- " item a line), even when empty at first."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_block_style()
    return seq


def _mapping_indent(text: str) -> int:
    """The indent of keys under a top-level key (masthead's), 2 if there is none."""
    m = re.search(r"^[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*(?:#[^\n]*)?\n)*([ ]+)[^\s#-]", text, re.M)
    return len(m.group(1)) if m else 2


def delete_keeping_comments(mapping, key) -> None:
    """Delete a key of a mapping, keeping the comment lines written after its value (they
    belong to what follows: "# 各集团的稿件" above the next section). ruamel.yaml files such
    lines under the last scalar of the value, so they would go with it."""
    from ruamel.yaml.tokens import CommentToken

    found = _trailing_comment(mapping[key])
    del mapping[key]
    if found is None or not mapping:
        return
    entry, slot = found
    value = entry[slot].value
    rest = value.split("\n", 1)[1] if "\n" in value else ""  # without an end-of-line comment of the deleted line
    if not rest.strip():
        return
    last = list(mapping)[-1]
    mine = mapping.ca.items.setdefault(last, [None, None, None, None])
    if mine[2] is not None:
        mine[2] = CommentToken(mine[2].value.rstrip("\n") + "\n" + rest, mine[2].start_mark, None)
    else:
        mine[2] = CommentToken("\n" + rest, entry[slot].start_mark, None)


def _trailing_comment(node):
    """(the comment entry, its slot) of the comment after the last line of node, if any."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        entry = node.ca.items.get(key)
        inner = _trailing_comment(node[key])
        return inner or ((entry, 2) if entry and entry[2] else None)
    if isinstance(node, CommentedSeq) and node:
        entry = node.ca.items.get(len(node) - 1)
        inner = _trailing_comment(node[-1])
        return inner or ((entry, 0) if entry and entry[0] else None)
    return None
