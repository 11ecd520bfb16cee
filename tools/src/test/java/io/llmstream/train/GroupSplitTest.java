package io.llmstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.cli.Args;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupSplitTest {
    private static final List<String> GROUPS = List.of("spam-1", "easy", "spam-1", "hard", "easy", "spam-1", "easy", "spam-1");
    private static final List<String> IDS = List.of("s/04", "e/03", "s/01", "h/01", "e/01", "s/03", "e/02", "s/02");

    @Test
    void trainsOnTheTrainGroupsMinusTheirLatestTailAndTestsOnTheTestGroupsAndTheTails() {
        GroupSplit split = GroupSplit.of(GROUPS, IDS, Set.of("spam-1", "easy"), Set.of("hard"), 0.25);

        // spam-1 has 4 texts: its last by id (s/04, index 0) is held out; easy has 3: round(0.75) = 1 held out (e/03)
        assertThat(split.test()).containsExactlyInAnyOrder(3, 0, 1);
        assertThat(split.train()).containsExactlyInAnyOrder(2, 5, 7, 4, 6);
        assertThat(split.description()).contains("test hard + those tails");
    }

    @Test
    void withoutTrainGroupsEveryOtherGroupIsTrainedOn() {
        GroupSplit split = GroupSplit.of(GROUPS, IDS, Set.of(), Set.of("easy"), 0);

        assertThat(split.test()).containsExactlyInAnyOrder(1, 4, 6);
        assertThat(split.train()).containsExactlyInAnyOrder(0, 2, 3, 5, 7);
    }

    @Test
    void unknownSharedOrEmptySidesAreRefusedNamingTheGroups() {
        assertThatThrownBy(() -> GroupSplit.of(GROUPS, IDS, Set.of("easy"), Set.of("spam-2"), 0))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("'spam-2'").hasMessageContaining("easy, hard, spam-1");
        assertThatThrownBy(() -> GroupSplit.of(GROUPS, IDS, Set.of("easy"), Set.of("easy"), 0))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("share [easy]");
        assertThatThrownBy(() -> GroupSplit.of(GROUPS, IDS, Set.of("easy", "hard", "spam-1"), Set.of(), 0))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("nothing to test");
        assertThatThrownBy(() -> GroupSplit.of(GROUPS, IDS, Set.of("easy"), Set.of("hard"), 1))
                .isInstanceOf(Args.UsageException.class).hasMessageContaining("--tail");
    }
}
