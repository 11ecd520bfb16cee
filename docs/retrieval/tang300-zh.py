#!/usr/bin/env python3
"""Builds a corpus of classical Chinese poems from the Debian package fortunes-zh.

Its file tang300 holds the Three Hundred Tang Poems (compiled 1763; the poems are of the 7th to
10th century, public domain); the package is GPL-3+. Each poem becomes one line
{"id", "title", "author", "text"}, the text one line of verse per line. With
`llm-stream eval-retrieval --sentences 3`, a poem of six or more lines gives passages of three
couplets; the middle couplet is the query, the other two its answer.

    apt-get download fortunes-zh
    dpkg-deb -x fortunes-zh_*_all.deb pkg
    python3 docs/retrieval/tang300-zh.py pkg/usr/share/games/fortunes/tang300 > tang300-zh.jsonl
"""
import json
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def main(path):
    with open(path, encoding="utf-8") as f:
        entries = ANSI.sub("", f.read()).split("\n%\n")
    for number, entry in enumerate(entries):
        lines = [l.strip() for l in entry.strip().splitlines() if l.strip()]
        if len(lines) < 3 or not lines[1].startswith("作者："):
            continue
        print(json.dumps({"id": "tang300-%03d" % number, "title": lines[0].strip("《》"), "author": lines[1][3:],
                          "text": "\n".join(lines[2:])}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/games/fortunes/tang300")
