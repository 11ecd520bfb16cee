package io.llmstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.text.MailText;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectFeaturesTest {
    @Test
    void theSubjectIsTheFirstParagraphOfACleanedMail() {
        String mail = "From: a@example.com\nSubject: Cheap loans today\nContent-Type: text/plain\n\nDear friend,\n\nclick here\n";
        assertThat(SubjectFeatures.subject(MailText.clean(mail))).isEqualTo("Cheap loans today");
        assertThat(SubjectFeatures.subject("one paragraph only")).isEqualTo("one paragraph only");
    }

    @Test
    void theSubjectsVectorFollowsTheMailsAndTheMailsTokensStay() {
        DocumentFeatures doc = new DocumentFeatures(new float[] {1, 2}, new float[][] {{1, 2}}, new int[] {3}, new long[] {101, 7, 102});
        DocumentFeatures subject = new DocumentFeatures(new float[] {5, 6}, new float[][] {{5, 6}}, new int[] {2}, new long[] {9});
        DocumentFeatures both = SubjectFeatures.append(List.of(doc), List.of(subject)).get(0);
        assertThat(both.vector()).containsExactly(1, 2, 5, 6);
        assertThat(both.tokenIds()).containsExactly(101, 7, 102);
        assertThatThrownBy(() -> SubjectFeatures.append(List.of(doc), List.of())).hasMessageContaining("1 documents but 0 subjects");
    }
}
