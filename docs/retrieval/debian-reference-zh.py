#!/usr/bin/env python3
"""Builds the Chinese retrieval corpus from the Debian package debian-reference-zh-cn.

The Debian Reference (Osamu Aoki and its translators, GPL-2+) in Simplified Chinese: modern
technical prose, about 2,600 paragraphs. Each section of a chapter (an <h2> or <h3> heading)
becomes one line {"id", "chapter", "section", "text"}: the text of its paragraphs (<p>, outside
tables and program listings), one paragraph a line. `llm-stream eval-retrieval` cuts the
sections into passages; the copy is not committed, since the text is GPL-2+, not public domain.

    apt-get download debian-reference-zh-cn        # or: apt-get install debian-reference-zh-cn
    dpkg-deb -x debian-reference-zh-cn_*_all.deb pkg
    python3 docs/retrieval/debian-reference-zh.py pkg/usr/share/debian-reference > debian-reference-zh.jsonl
"""
import glob
import html.parser
import json
import os
import re
import sys

CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# a line break inside a paragraph of Chinese is no space: drop it between two CJK characters
CJK_BREAK = re.compile(r"(?<=[%s])\s+(?=[%s])" % (CJK, CJK))
SPACE = re.compile(r"\s+")


class Sections(html.parser.HTMLParser):
    """Collects the paragraphs of one chapter under the heading of their section."""

    def __init__(self, chapter):
        super().__init__(convert_charrefs=True)
        self.chapter = chapter
        self.sections = []
        self.heading = None
        self.in_heading = False
        self.skip = 0
        self.paragraph = None

    def handle_starttag(self, tag, attrs):
        if tag in ("table", "pre"):
            self.skip += 1
        elif tag in ("h2", "h3"):
            self.in_heading = True
            self.heading = ""
            self.sections.append([None, []])
        elif tag == "p" and self.skip == 0 and self.sections:
            self.paragraph = []

    def handle_endtag(self, tag):
        if tag in ("table", "pre"):
            self.skip -= 1
        elif tag in ("h2", "h3") and self.in_heading:
            self.in_heading = False
            self.sections[-1][0] = SPACE.sub(" ", self.heading).strip()
        elif tag == "p" and self.paragraph is not None:
            text = SPACE.sub(" ", CJK_BREAK.sub("", "".join(self.paragraph))).strip()
            if text:
                self.sections[-1][1].append(text)
            self.paragraph = None

    def handle_data(self, data):
        if self.in_heading:
            self.heading += data
        elif self.paragraph is not None and self.skip == 0:
            self.paragraph.append(data)


def main(folder):
    for path in sorted(glob.glob(os.path.join(folder, "ch[0-9][0-9].zh-cn.html"))):
        chapter = os.path.basename(path)[2:4]
        parser = Sections(chapter)
        with open(path, encoding="utf-8") as f:
            parser.feed(f.read())
        for number, (heading, paragraphs) in enumerate(parser.sections):
            if paragraphs:
                line = {"id": "ch%s-%02d" % (chapter, number), "chapter": chapter, "section": heading,
                        "text": "\n".join(paragraphs)}
                print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/debian-reference")
