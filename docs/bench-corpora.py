#!/usr/bin/env python3
"""Builds the two English benchmark inputs of docs/benchmarks.md from the public corpora.

  sotu-passages.jsonl  State of the Union addresses cut into passages of three sentences
                       (a sentence ends at '.', '!' or '?' followed by a capital letter),
                       passages under 40 characters dropped.
  mail-passages.jsonl  SpamAssassin mails (ham and spam): the plain-text body after the
                       headers, cut into paragraphs at blank lines, quoted lines ('>') and
                       paragraphs of under 80 characters or mostly non-letters dropped,
                       paragraphs over 2,000 characters cut at the last space before it,
                       in a fixed shuffled order so that the first N mix ham and spam groups.

Usage: python3 docs/bench-corpora.py CORPORA_DIR OUT_DIR
"""
import json
import random
import re
import sys
from pathlib import Path

SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-Z])')


def sotu_passages(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            doc = json.loads(line)
            sentences = SENTENCE_END.split(doc['text'])
            for i in range(0, len(sentences), 3):
                text = ' '.join(s.strip() for s in sentences[i:i + 3]).strip()
                if len(text) >= 40:
                    yield {'id': f"{doc['id']}-{i // 3}", 'text': text}


def body_of(mail):
    parts = re.split(r'\r?\n\r?\n', mail, maxsplit=1)
    return parts[1] if len(parts) == 2 else ''


def readable(paragraph):
    if len(paragraph) < 80 or '<' in paragraph and '>' in paragraph:
        return False
    letters = sum(c.isalpha() or c.isspace() for c in paragraph)
    return letters / len(paragraph) > 0.85


def mail_passages(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            mail = json.loads(line)
            body = body_of(mail['text'])
            for n, raw in enumerate(re.split(r'\n\s*\n', body)):
                lines = [l.strip() for l in raw.splitlines() if not l.lstrip().startswith('>')]
                text = ' '.join(l for l in lines if l)
                if not readable(text):
                    continue
                if len(text) > 2000:
                    text = text[:text.rfind(' ', 0, 2000)]
                yield {'id': f"{mail['id']}-{n}", 'text': text}


def write(rows, out):
    count = 0
    with open(out, 'w', encoding='utf-8') as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + '\n')
            count += 1
    print(f'{out}: {count} lines', file=sys.stderr)


if __name__ == '__main__':
    corpora, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    write(sotu_passages(corpora / 'sotu.jsonl'), out / 'sotu-passages.jsonl')
    mails = list(mail_passages(corpora / 'spamassassin-dev.jsonl'))
    random.Random(7).shuffle(mails)
    write(mails, out / 'mail-passages.jsonl')
