#!/usr/bin/env python3
"""Regroup the SpamAssassin dev file for a split that holds out whole spam campaigns.

Spam comes in campaigns: the same offer sent many times with small changes. A split by arrival
order (the tails of split B) puts mails of one campaign on both sides, so the head is tested on
offers it was trained on; unseen mail brings other campaigns. This script joins spam mails whose
bodies share at least THRESHOLD of their word 3-shingles (Jaccard) into campaigns (connected
components), deals the campaigns into FOLDS folds, and writes the dev file again with `group`
set per fold K to `spam-train-K` / `spam-test-K` for spam and `ham-train` / `ham-test` for ham
(ham's test side is the last 30% in id order of each ham group, as in split B). Records, order
and texts are unchanged, so an embedding cache of the dev file still applies.

    python3 docs/spamassassin-campaigns.py spamassassin-dev.jsonl K > dev-campaigns-K.jsonl
    bin/llm-stream eval-classify --input dev-campaigns-K.jsonl --config docs/spam-ham.yaml \\
        --group-field group --train-groups ham-train,spam-train-K --test-groups ham-test,spam-test-K \\
        --test-mix spam:0.5,ham:0.5

With K = 0, 1, 2 every spam mail is tested once, always against campaigns the head never saw.
A summary (campaigns, their sizes, the fold sizes) goes to standard error.
"""
import collections
import json
import re
import sys

THRESHOLD = 0.2
FOLDS = 3
HAM_TAIL = 0.3


def body_words(text):
    head_end = text.find("\n\n")
    body = text[head_end + 2:] if head_end >= 0 else text
    body = re.sub(r"<[^>]+>", " ", body)
    return re.findall(r"[a-z]{3,}", body.lower())


def shingles(words, k=3):
    return {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}


def campaigns(texts):
    sets = [shingles(body_words(t)) for t in texts]
    parent = list(range(len(sets)))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            a, b = sets[i], sets[j]
            shared = len(a & b)
            if shared and shared / len(a | b) >= THRESHOLD:
                parent[root(i)] = root(j)
    members = collections.defaultdict(list)
    for i in range(len(sets)):
        members[root(i)].append(i)
    return sorted(members.values(), key=lambda m: min(m))


def main():
    if len(sys.argv) != 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) >= FOLDS:
        sys.exit(f"usage: spamassassin-campaigns.py DEV_JSONL FOLD (0 to {FOLDS - 1})")
    fold = int(sys.argv[2])
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    spam = [i for i, r in enumerate(rows) if r["label"] == "spam"]
    groups = campaigns([rows[i]["text"] for i in spam])
    # largest campaigns first, each to the fold with the fewest mails so far: folds of near-equal size
    load = [0] * FOLDS
    fold_of = {}
    for members in sorted(groups, key=lambda m: (-len(m), min(m))):
        k = min(range(FOLDS), key=lambda f: (load[f], f))
        load[k] += len(members)
        for m in members:
            fold_of[spam[m]] = k
    sizes = sorted((len(m) for m in groups), reverse=True)
    print(f"{len(spam)} spam mails in {len(groups)} campaigns (Jaccard >= {THRESHOLD} of word 3-shingles); "
          f"largest {sizes[:8]}, {sum(1 for s in sizes if s == 1)} single mails; fold sizes {load}", file=sys.stderr)

    ham_test = set()
    by_group = collections.defaultdict(list)
    for i, r in enumerate(rows):
        if r["label"] != "spam":
            by_group[r["group"]].append(i)
    for members in by_group.values():
        ordered = sorted(members, key=lambda i: rows[i]["id"])
        held = round(len(ordered) * HAM_TAIL)
        ham_test.update(ordered[len(ordered) - held:])

    for i, r in enumerate(rows):
        if r["label"] == "spam":
            r["group"] = f"spam-{'test' if fold_of[i] == fold else 'train'}-{fold}"
        else:
            r["group"] = "ham-test" if i in ham_test else "ham-train"
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
