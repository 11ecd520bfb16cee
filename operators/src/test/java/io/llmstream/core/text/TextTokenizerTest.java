package io.llmstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {
    private static final long CLS = 101;
    private static final long SEP = 102;

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(BuiltinModels.ALL_MINILM_L6_V2_Q.tokenizer(), 16);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void shortTextIsNeitherPaddedNorTruncatedDespiteTheFilesFixedPadding() {
        TokenizedText t = tokenizer.encode("Hello world");

        assertThat(t.ids()).containsExactly(CLS, 7592, 2088, SEP);
        assertThat(t.typeIds()).containsOnly(0L);
        assertThat(t.totalTokens()).isEqualTo(4);
        assertThat(t.truncated()).isFalse();
    }

    @Test
    void longTextIsCutToTheWindowKeepingClsAndSep() {
        String text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
        TokenizedText full;
        try (TextTokenizer wide = TextTokenizer.load(BuiltinModels.ALL_MINILM_L6_V2_Q.tokenizer(), 512)) {
            full = wide.encode(text);
        }

        TokenizedText cut = tokenizer.encode(text);

        assertThat(full.length()).isEqualTo(18);
        assertThat(cut.length()).isEqualTo(16);
        assertThat(cut.totalTokens()).isEqualTo(18);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.ids()[0]).isEqualTo(CLS);
        assertThat(cut.ids()[15]).isEqualTo(SEP);
        assertThat(Arrays.copyOf(cut.ids(), 15)).containsExactly(Arrays.copyOf(full.ids(), 15));
        assertThat(tokenizer.decode(cut.ids())).isEqualTo("[CLS] one two three four five six seven eight nine ten eleven twelve thirteen fourteen [SEP]");
    }

    @Test
    void longTextCutFromTheStartKeepsItsEndBetweenClsAndSep() {
        String text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
        TokenizedText full;
        try (TextTokenizer wide = TextTokenizer.load(BuiltinModels.ALL_MINILM_L6_V2_Q.tokenizer(), 512)) {
            full = wide.encode(text);
        }

        TokenizedText cut = tokenizer.encodeEnd(text);

        assertThat(cut.length()).isEqualTo(16);
        assertThat(cut.totalTokens()).isEqualTo(18);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.ids()[0]).isEqualTo(CLS);
        assertThat(cut.ids()[15]).isEqualTo(SEP);
        assertThat(Arrays.copyOfRange(cut.ids(), 1, 15)).containsExactly(Arrays.copyOfRange(full.ids(), 3, 17));
        assertThat(tokenizer.decode(cut.ids()))
                .isEqualTo("[CLS] three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen [SEP]");
        assertThat(tokenizer.encodeEnd("Hello world").ids()).containsExactly(CLS, 7592, 2088, SEP);
    }

    @Test
    void longTextIsCutIntoOverlappingFramedWindowsCoveringEveryToken() {
        // 16 content tokens, windows of 8 (6 content), overlap 2: content windows start at 0, 4, 8, 12
        String text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
        try (TextTokenizer small = TextTokenizer.load(BuiltinModels.ALL_MINILM_L6_V2_Q.tokenizer(), 8);
                TextTokenizer wide = TextTokenizer.load(BuiltinModels.ALL_MINILM_L6_V2_Q.tokenizer(), 512)) {
            long[] full = wide.encode(text).ids();
            ChunkedText chunked = small.encodeChunks(text, 2, 16);

            assertThat(chunked.truncated()).isFalse();
            assertThat(chunked.totalTokens()).isEqualTo(18);
            assertThat(chunked.chunks()).hasSize(4);
            for (int i = 0; i < 4; i++) {
                long[] ids = chunked.chunks().get(i).ids();
                assertThat(ids[0]).isEqualTo(CLS);
                assertThat(ids[ids.length - 1]).isEqualTo(SEP);
                assertThat(ids.length).isLessThanOrEqualTo(8);
                assertThat(Arrays.copyOfRange(ids, 1, ids.length - 1))
                        .containsExactly(Arrays.copyOfRange(full, 1 + i * 4, Math.min(17, 1 + i * 4 + 6)));
            }
            assertThat(small.decode(chunked.chunks().get(3).ids())).isEqualTo("[CLS] thirteen fourteen fifteen sixteen [SEP]");

            ChunkedText capped = small.encodeChunks(text, 2, 2);
            assertThat(capped.chunks()).hasSize(2);
            assertThat(capped.truncated()).isTrue();

            assertThat(small.encodeChunks("short one", 2, 16).chunks()).hasSize(1);
            assertThatThrownBy(() -> small.encodeChunks(text, 6, 16)).hasMessageContaining("chunking.overlap = 6");
        }
    }

    @Test
    void eachWindowNamesTheCharactersOfTheOriginalTextItCovers() {
        // the tokenizer lower-cases and splits punctuation; the spans still point into the text as given
        String text = "One TWO three, four five six seven eight nine ten eleven twelve thirteen fourteen fifteen Sixteen";
        try (TextTokenizer small = TextTokenizer.load(BuiltinModels.ALL_MINILM_L6_V2_Q.tokenizer(), 8)) {
            ChunkedText chunked = small.encodeChunks(text, 2, 16);

            List<String> covered = new ArrayList<>();
            chunked.chunks().forEach(w -> covered.add(text.substring(w.charStart(), w.charEnd())));
            // 6 content tokens a window ("," is one), 2 of them shared with the next
            assertThat(covered).containsExactly("One TWO three, four five", "four five six seven eight nine",
                    "eight nine ten eleven twelve thirteen", "twelve thirteen fourteen fifteen Sixteen");
            assertThat(small.encode(text).charEnd()).isEqualTo(text.indexOf(" six"));
            TokenizedText end = small.encodeEnd(text);
            assertThat(text.substring(end.charStart(), end.charEnd())).isEqualTo("eleven twelve thirteen fourteen fifteen Sixteen");
            TokenizedText whole = small.encode("Hello world");
            assertThat(whole.charStart()).isZero();
            assertThat(whole.charEnd()).isEqualTo(11);
        }
    }

    @Test
    void spansCountUtf16CharactersPastCharactersOutsideTheBasicPlane() {
        // the tokenizer counts code points: an emoji is one of them but two Java chars
        String text = "\uD83D\uDE00 天气很好，我们去公园散步吧。今天下午三点在门口见面，不见不散。";
        try (TextTokenizer small = TextTokenizer.load(BuiltinModels.BGE_SMALL_ZH_V15_Q.tokenizer(), 12)) {
            ChunkedText chunked = small.encodeChunks(text, 2, 16);

            assertThat(chunked.chunks()).hasSizeGreaterThan(2);
            TokenizedText last = chunked.chunks().get(chunked.chunks().size() - 1);
            assertThat(last.charEnd()).isEqualTo(text.length());
            assertThat(text.substring(last.charStart(), last.charEnd())).endsWith("不见不散。");
            // window 1: the emoji and 9 characters, one token each; window 2 starts 2 tokens before its end
            TokenizedText second = chunked.chunks().get(1);
            assertThat(text.substring(second.charStart(), second.charEnd())).isEqualTo("去公园散步吧。今天下");
        }
    }

    @Test
    void textOfExactlyTheWindowIsNotTruncated() {
        TokenizedText t = tokenizer.encode("one two three four five six seven eight nine ten eleven twelve thirteen fourteen");

        assertThat(t.length()).isEqualTo(16);
        assertThat(t.truncated()).isFalse();
    }

    @Test
    void chineseCharactersAreSplitOneTokenEach() {
        TokenizedText t = tokenizer.encode("北京欢迎你");

        assertThat(t.length()).isEqualTo(7);
    }

    @Test
    void missingTokenizerFileIsNamed() {
        ModelSource missing = ModelSource.parse("model.tokenizer", "file:no/such/tokenizer.json");

        assertThatThrownBy(() -> TextTokenizer.load(missing, 128))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("file:no/such/tokenizer.json");
    }
}
