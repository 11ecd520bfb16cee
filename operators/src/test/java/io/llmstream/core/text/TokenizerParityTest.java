package io.llmstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmstream.core.model.BuiltinModels;
import io.llmstream.core.model.ModelSpec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TextTokenizer} reads ids through the native library's calls directly; they must equal
 * what DJL's {@code HuggingFaceTokenizer.encode} returns for the same tokenizer.json, id for id,
 * on real English paragraphs, raw e-mails (headers, HTML, odd encodings) and hostile text, for
 * the English and the Chinese model. The corpora are read from {@code ../shared/corpora} when
 * present; the hostile texts always run.
 */
class TokenizerParityTest {
    private static final Path CORPORA = Path.of("..", "..", "shared", "corpora");

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2-q", "bge-small-zh-v1.5-q"})
    void idsEqualDjlEncodingOnHostileText(String modelId) throws Exception {
        assertParity(modelId, hostileTexts());
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2-q", "bge-small-zh-v1.5-q"})
    void idsEqualDjlEncodingOnTheCorpora(String modelId) throws Exception {
        Path sotu = CORPORA.resolve("sotu.jsonl");
        Path mails = CORPORA.resolve("spamassassin-dev.jsonl");
        assumeTrue(Files.isRegularFile(sotu) && Files.isRegularFile(mails), "no corpora at " + CORPORA.toAbsolutePath());
        List<String> texts = new ArrayList<>();
        // the addresses are one line each: passages of 80 words (about the bench's 100 tokens), every
        // eighth of them and every fourth mail, so that the test takes seconds, not minutes
        for (String document : texts(sotu)) {
            String[] words = document.split(" ");
            for (int i = 0; i < words.length; i += 8 * 80) {
                texts.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, Math.min(words.length, i + 80))));
            }
        }
        List<String> mailTexts = texts(mails);
        for (int i = 0; i < mailTexts.size(); i += 4) {
            texts.add(mailTexts.get(i));
        }
        assertThat(texts).hasSizeGreaterThan(3_000);
        assertParity(modelId, texts);
    }

    private static void assertParity(String modelId, List<String> texts) throws Exception {
        ModelSpec spec = BuiltinModels.byId("model.id", modelId);
        Map<String, String> options = Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true",
                "modelMaxLength", String.valueOf(Integer.MAX_VALUE));
        try (InputStream in = spec.tokenizer().open();
                HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(in, options);
                TextTokenizer ours = TextTokenizer.load(spec.tokenizer(), ModelSpec.MAX_TOKENS_LIMIT)) {
            for (String text : texts) {
                Encoding expected = reference.encode(text);
                if (expected.getIds().length > ModelSpec.MAX_TOKENS_LIMIT) {
                    continue;
                }
                TokenizedText actual = ours.encode(text);
                assertThat(actual.ids()).as("ids of %s", abbreviate(text)).isEqualTo(expected.getIds());
                assertThat(actual.typeIds()).as("type ids of %s", abbreviate(text)).isEqualTo(expected.getTypeIds());
            }
        }
    }

    private static List<String> hostileTexts() {
        List<String> texts = new ArrayList<>(List.of(
                "", " ", "\n\t\r", "a", "[CLS] [SEP] [PAD] [UNK] [MASK]", "<s></s><pad>",
                "北京是中华人民共和国的首都，也是全国的政治和文化中心。",
                "我爱自然语言处理！ＡＢＣ１２３　全角空格",
                "混合 mixed 文本 text 123 ４５６ ①②③",
                "emoji 👩‍👩‍👧‍👦 🏳️‍🌈 🇩🇪 🤖🤖🤖",
                "combining e\u0301 a\u0308 n\u0303 and precomposed é ä ñ",
                "zero\u200bwidth\u200cjoiner\u200dand\ufeffBOM",
                "right-to-left עברית العربية mixed with left",
                "control \u0000 \u0001 \u0007 \u001b[31m red \u001b[0m",
                "lone surrogates \ud800 and \udfff here",
                "Ǆǅǆ İstanbul ß ẞ ﬁ ﬂ Ⅻ ㎏ ㍻",
                "<html><body><p style=\"color:red\">Hello&nbsp;&amp; goodbye</p></body></html>",
                "=?utf-8?B?SGVsbG8gV29ybGQ=?= =E2=80=99 quoted-printable=\n soft break",
                "https://example.com/a/b?c=d&e=f#g mail@example.org 192.168.0.1:8080",
                "ALL CAPS SHOUTING!!!!!! ???? ....... ------ ______"));
        texts.add("x".repeat(5_000));
        texts.add("supercalifragilisticexpialidocious ".repeat(200));
        texts.add("字".repeat(3_000));
        StringBuilder everyPlane = new StringBuilder();
        for (int cp = 0x20; cp < 0x30000; cp += 97) {
            if (Character.isDefined(cp) && !Character.isSurrogate((char) cp)) {
                everyPlane.appendCodePoint(cp).append(cp % 5 == 0 ? " " : "");
            }
        }
        texts.add(everyPlane.toString());
        return texts;
    }

    private static List<String> texts(Path jsonl) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(jsonl)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    texts.add(json.readTree(line).get("text").asText());
                }
            }
        }
        return texts;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
