package io.llmstream.core.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordCandidatesTest {

    private static List<String> texts(String text, int maxNgram, int maxCandidates) {
        return KeywordCandidates.of(text, maxNgram, maxCandidates).stream().map(KeywordCandidates.Candidate::text).toList();
    }

    private static List<String> texts(String text) {
        return texts(text, 3, 100);
    }

    @Test
    void englishPhrasesNeitherStartNorEndWithStopWordsAndNeverCrossPunctuation() {
        List<String> c = texts("The Bill of Rights protects freedom of speech. Speech matters to the nation.");

        assertThat(c).contains("bill", "bill of rights", "rights", "rights protects freedom", "freedom of speech",
                "speech", "speech matters", "nation");
        assertThat(c).doesNotContain("the bill", "bill of", "of rights", "speech speech", "matters to the nation",
                "protects freedom of");
        assertThat(c).allSatisfy(p -> assertThat(p).isLowerCase());
    }

    @Test
    void stopWordsOtherThanOfEndAPhrase() {
        List<String> c = texts("House prices began to fall and savers welcomed the change");

        assertThat(c).contains("house prices began", "fall", "savers welcomed", "change");
        assertThat(c).doesNotContain("began to fall", "fall and savers", "welcomed the change");
    }

    @Test
    void noCandidateIsAPureNumberOrPunctuation() {
        List<String> c = texts("In 1990, 42 % of the 3,000 vessels -- and COVID-19 cases -- rose by 7.5 percent!");

        assertThat(c).contains("vessels", "covid-19", "covid-19 cases", "percent");
        assertThat(c).allSatisfy(p -> {
            String[] words = p.split(" ");
            assertThat(words[0]).containsPattern("\\p{L}");
            assertThat(words[words.length - 1]).containsPattern("\\p{L}");
        });
        assertThat(c).doesNotContain("1990", "42", "000 vessels", "7", "5 percent");
    }

    @Test
    void candidatesAreDeduplicatedWithCountsOrderedByFrequencyThenFirstPositionAndCapped() {
        String text = "Tariffs hurt farmers. Trade talks resume. Trade and tariffs dominate. Trade, trade, tariffs.";

        List<KeywordCandidates.Candidate> all = KeywordCandidates.of(text, 2, 100);
        assertThat(all).extracting(KeywordCandidates.Candidate::text).doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(new KeywordCandidates.Candidate("trade", 4, text.indexOf("Trade")));
        assertThat(all.get(1)).isEqualTo(new KeywordCandidates.Candidate("tariffs", 3, 0));
        assertThat(all.get(2)).isEqualTo(new KeywordCandidates.Candidate("tariffs hurt", 1, 0));

        assertThat(texts(text, 2, 2)).containsExactly("trade", "tariffs");
    }

    @Test
    void maxNgramBoundsTheWordsOfAPhrase() {
        String text = "national health insurance reform passed";

        assertThat(texts(text, 1, 100)).containsExactly("national", "health", "insurance", "reform", "passed");
        assertThat(texts(text, 2, 100)).contains("national health").noneMatch(p -> p.split(" ").length > 2);
        assertThat(texts(text, 5, 100)).contains("national health insurance reform passed");
    }

    @Test
    void fullWidthLettersAndCurlyApostrophesAreNormalised() {
        assertThat(texts("Ｔｒａｄｅ rules the nation\u2019s economy")).contains("trade", "nation's economy");
    }

    @Test
    void chineseCandidatesAreCharacterNgramsWithABoundaryOnAtLeastOneSide() {
        List<String> c = texts("央行第三次上调利率。房贷成本上升，房价开始下跌。");

        // segments 央行第三次上调利率 / 房贷成本上升 / 房价开始下跌: n-grams of 2 or 4 characters at their edges
        assertThat(c).contains("央行", "利率", "上调利率", "房贷", "房贷成本", "上升", "房价", "下跌", "开始下跌");
        // inside a segment, 3 characters at an edge, numerals at an edge
        assertThat(c).doesNotContain("行第", "调利", "贷成", "调利率", "房贷成", "央行第三", "第三次");
    }

    @Test
    void chineseFunctionCharactersCutButCommonWordsContainingOneStayWhole() {
        List<String> c = texts("工厂雇用的工人。维护和平与发展是共同的目标。");

        assertThat(c).contains("工厂雇用", "工人", "维护和平", "发展", "共同", "目标");
        assertThat(c).noneMatch(p -> p.contains("的") || p.contains("与") || p.contains("是"));
    }

    @Test
    void repeatedChineseNgramsComeFirstAndTheirFragmentsAndCrossingsAreDropped() {
        String text = "人工智能改变了世界。各国都在研究人工智能技术，人工智能产业增长很快。";

        List<KeywordCandidates.Candidate> all = KeywordCandidates.of(text, 3, 100);
        assertThat(all.get(0)).isEqualTo(new KeywordCandidates.Candidate("人工智能", 3, 0));
        List<String> c = all.stream().map(KeywordCandidates.Candidate::text).toList();
        assertThat(c).contains("世界", "研究", "技术", "改变", "产业增长");
        // only ever part of 人工智能, or cutting through it
        assertThat(c).doesNotContain("人工", "智能", "工智能", "智能改变", "研究人工", "智能技术");
    }

    @Test
    void chineseNumbersAreNotCandidates() {
        assertThat(texts("三十。二十。三十公里")).doesNotContain("三十", "二十").contains("公里");
    }

    @Test
    void mixedTextsGetBothKindsAndHiraganaCutsLikePunctuation() {
        List<String> c = texts("The AI industry grows. 人工智能产业发展很快。東京の経済成長");

        assertThat(c).contains("ai industry", "industry grows", "人工智能", "東京", "経済成長");
        assertThat(c).noneMatch(p -> p.contains("の"));
    }

    @Test
    void candidatesComeFromTheFirstMaxInputCharsOfATextWithoutSplittingACharacter() {
        String text = "steel ".repeat(20) + "tariffs";
        KeywordSettings settings = KeywordSettings.builder().setMaxInputChars(120).build();

        assertThat(KeywordCandidates.of(text, settings)).extracting(KeywordCandidates.Candidate::text)
                .contains("steel").doesNotContain("tariffs");
        assertThat(KeywordCandidates.head("ab\uD840\uDC00", 3)).isEqualTo("ab");
        assertThat(KeywordCandidates.head("ab\uD840\uDC00", 4)).isEqualTo("ab\uD840\uDC00");
    }

    @Test
    void aLongRepetitiveChineseTextKeepsItsLongestRepeatedUnits() {
        StringBuilder text = new StringBuilder();
        String sentence = "央行第三次上调利率。房贷成本上升，房价开始下跌。储户对此表示欢迎，但借款人和小企业抱怨贷款变得更难。";
        while (text.length() < KeywordSettings.builder().build().maxInputChars()) {
            text.append(sentence);
        }
        List<KeywordCandidates.Candidate> c = KeywordCandidates.of(text.toString(), KeywordSettings.defaults());

        // every n-gram repeats as often as the sentence, so each shorter one stands inside a longer one
        assertThat(c).hasSizeLessThanOrEqualTo(100).extracting(KeywordCandidates.Candidate::text)
                .contains("上调利率", "房贷成本", "借款人").doesNotContain("利率", "房贷");
        assertThat(c.get(0).count()).isGreaterThan(500);
    }

    @Test
    void aTextWithoutWordsHasNoCandidates() {
        assertThat(texts("... 42, 7.5 -- !!")).isEmpty();
        assertThat(texts("the of and to")).isEmpty();
    }
}
