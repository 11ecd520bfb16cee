package io.llmstream.train;

import io.llmstream.cli.Args;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A train/test split by source rather than at random: whole groups (a folder, a mailbox, a month)
 * are trained on and others tested on, and optionally the latest part of each training group (the
 * tail in id order, ids being in arrival order) is held out too. A random split of one pool tests
 * on mail from the same sources and time as the training mail and overstates accuracy on mail
 * from elsewhere; this one does not.
 */
final class GroupSplit {
    private final int[] train;
    private final int[] test;
    private final String description;

    private GroupSplit(int[] train, int[] test, String description) {
        this.train = train;
        this.test = test;
        this.description = description;
    }

    /**
     * Splits {@code groups} (one per example, parallel to {@code ids}).
     *
     * @param trainGroups the groups to train on (empty: every group not in {@code testGroups})
     * @param testGroups the groups to test on (may be empty when {@code tail} > 0)
     * @param tail the share (0 to 1) of each training group, last in id order, tested on instead
     * @throws Args.UsageException naming the option when a group does not exist, is on both sides, or a side is empty
     */
    static GroupSplit of(List<String> groups, List<String> ids, Set<String> trainGroups, Set<String> testGroups, double tail) {
        Set<String> known = new TreeSet<>(groups);
        for (String g : union(trainGroups, testGroups)) {
            if (!known.contains(g)) {
                throw new Args.UsageException("group '" + g + "' is not in the input; its groups: " + known);
            }
        }
        Set<String> both = new LinkedHashSet<>(trainGroups);
        both.retainAll(testGroups);
        if (!both.isEmpty()) {
            throw new Args.UsageException("--train-groups and --test-groups share " + both + "; a group is trained or tested on, not both");
        }
        if (!(tail >= 0 && tail < 1)) {
            throw new Args.UsageException("--tail = " + tail + " is out of range; allowed: 0 <= tail < 1");
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            members.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> group : members.entrySet()) {
            boolean trained = trainGroups.isEmpty() ? !testGroups.contains(group.getKey()) : trainGroups.contains(group.getKey());
            if (testGroups.contains(group.getKey())) {
                test.addAll(group.getValue());
            } else if (trained) {
                List<Integer> ordered = new ArrayList<>(group.getValue());
                ordered.sort(Comparator.comparing(ids::get));
                int held = (int) Math.round(ordered.size() * tail);
                train.addAll(ordered.subList(0, ordered.size() - held));
                test.addAll(ordered.subList(ordered.size() - held, ordered.size()));
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new Args.UsageException("the split leaves nothing to " + (train.isEmpty() ? "train" : "test") + " on; groups: "
                    + known + ", --train-groups " + trainGroups + ", --test-groups " + testGroups + ", --tail " + tail);
        }
        String description = "train " + (trainGroups.isEmpty() ? "all but the test groups" : String.join("+", trainGroups))
                + (tail > 0 ? String.format(" minus their last %.0f%%", tail * 100) : "") + "; test "
                + (testGroups.isEmpty() ? "" : String.join("+", testGroups)) + (tail > 0 ? (testGroups.isEmpty() ? "" : " + ")
                + "those tails" : "");
        return new GroupSplit(train.stream().mapToInt(Integer::intValue).toArray(),
                test.stream().mapToInt(Integer::intValue).toArray(), description);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** Indices of the training examples. */
    int[] train() {
        return train;
    }

    /** Indices of the test examples. */
    int[] test() {
        return test;
    }

    String description() {
        return description;
    }
}
