package io.llmstream.core.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    @Test
    void aFigureReferenceStaysInItsSentence() {
        assertThat(SentenceSplitter.split("See Fig. 3 for the details. It shows the trend."))
                .containsExactly("See Fig. 3 for the details.", "It shows the trend.");
    }

    @Test
    void aTimeOfDayFollowedByALowercaseWordStaysInItsSentence() {
        assertThat(SentenceSplitter.split("We met at 3 p.m. and left at five. Then it rained."))
                .containsExactly("We met at 3 p.m. and left at five.", "Then it rained.");
    }

    @Test
    void titlesBeforeNamesDoNotEndASentence() {
        assertThat(SentenceSplitter.split("Mr. Smith arrived early. Later Dr. Jones joined him."))
                .containsExactly("Mr. Smith arrived early.", "Later Dr. Jones joined him.");
    }

    @Test
    void initialsAndDottedAbbreviationsDoNotEndASentence() {
        assertThat(SentenceSplitter.split("The U.S. Army met J. R. Adams. Prices rose 3.5 percent."))
                .containsExactly("The U.S. Army met J. R. Adams.", "Prices rose 3.5 percent.");
    }

    @Test
    void chineseSentenceEndsAndTheFullWidthSemicolonSplitWithoutSpaces() {
        assertThat(SentenceSplitter.split("今天天气很好。我们去公园吧！你来不来？天晴了；出发吧"))
                .containsExactly("今天天气很好。", "我们去公园吧！", "你来不来？", "天晴了；", "出发吧");
    }

    @Test
    void aBlankLineEndsASentenceWithoutAMark() {
        assertThat(SentenceSplitter.split("A heading without a stop\n  \nThe first paragraph. Its second sentence."))
                .containsExactly("A heading without a stop", "The first paragraph.", "Its second sentence.");
    }

    @Test
    void emptyAndBlankTextsHaveNoSentences() {
        assertThat(SentenceSplitter.split("")).isEmpty();
        assertThat(SentenceSplitter.split(" \n\n \t")).isEmpty();
    }
}
