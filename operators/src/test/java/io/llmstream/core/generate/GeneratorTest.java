package io.llmstream.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import io.llmstream.core.runtime.ExecutionDevice;
import io.llmstream.core.runtime.LargeStack;
import io.llmstream.core.runtime.SessionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation on tiny models built here: a decoder-only and an encoder-decoder transformer. */
class GeneratorTest {
    private static final SessionSettings CPU1 = new SessionSettings(ExecutionDevice.CPU, 1);
    private static final PromptTemplate TEMPLATE = PromptTemplate.of("summarize : {text} summary :");
    private static final List<String> DOCS = List.of(
            "the cat sat on the mat",
            "a big red dog ran in the park and then the small bird flew over the river today",
            "rain",
            "the fish swam under the green tree . the moon and the sun",
            "city road house home");
    private static final int MAX_NEW = 12;

    @TempDir
    static Path dir;
    static Generator causal;
    static Generator seq2seq;

    @BeforeAll
    static void load() throws IOException {
        causal = Generator.open(TinyModels.decoderOnly(dir.resolve("causal"), 2, 7), CPU1);
        seq2seq = Generator.open(TinyModels.encoderDecoder(dir.resolve("seq2seq"), 2, 11), CPU1);
    }

    @AfterAll
    static void close() {
        causal.close();
        seq2seq.close();
    }

    private static GenerationSettings.Builder settings() {
        return GenerationSettings.builder().setMaxNewTokens(MAX_NEW);
    }

    private static List<Generator> both() {
        return List.of(causal, seq2seq);
    }

    private static List<Generation> oneByOne(Generator g, GenerationSettings s) {
        List<Generation> out = new ArrayList<>();
        DOCS.forEach(d -> out.addAll(g.generate(TEMPLATE, List.of(d), s)));
        return out;
    }

    private static void assertSame(List<Generation> actual, List<Generation> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).tokenIds()).as("tokens of document %d", i).containsExactly(expected.get(i).tokenIds());
            assertThat(actual.get(i).stopReason()).as("stop reason of document %d", i).isEqualTo(expected.get(i).stopReason());
            assertThat(actual.get(i).text()).as("text of document %d", i).isEqualTo(expected.get(i).text());
        }
    }

    /** A token the model generates for the first document at step {@code step} and not before. */
    private static long tokenAt(Generator g, int step) {
        long[] tokens = g.generate(TEMPLATE, DOCS.subList(0, 1), settings().build()).get(0).tokenIds();
        for (int s = step; s < tokens.length; s++) {
            if (indexOf(tokens, tokens[s]) == s) {
                return tokens[s];
            }
        }
        throw new AssertionError("no fresh token at or after step " + step);
    }

    @Test
    void theModelsGenerateVariedTextUpToTheLimit() {
        for (Generator g : both()) {
            List<Generation> out = g.generate(TEMPLATE, DOCS, settings().build());
            assertThat(out).allSatisfy(o -> {
                assertThat(o.tokenIds()).hasSize(MAX_NEW);
                assertThat(o.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
                assertThat(o.text()).isNotBlank();
            });
            assertThat(out.stream().map(Generation::text).distinct()).hasSizeGreaterThan(2);
        }
    }

    @Test
    void cachedDecodingGivesTheTokensOfUncachedDecoding() {
        for (Generator g : both()) {
            for (int beams : new int[] {1, 3}) {
                GenerationSettings cached = settings().setNumBeams(beams).build();
                GenerationSettings uncached = settings().setNumBeams(beams).setKvCache(false).build();
                assertSame(g.generate(TEMPLATE, DOCS, cached), g.generate(TEMPLATE, DOCS, uncached));
            }
        }
    }

    @Test
    void aBatchGivesEachPromptWhatItGetsAloneEvenWhenRowsFinishEarly() {
        for (Generator g : both()) {
            long stop = tokenAt(g, 2);
            for (int beams : new int[] {1, 2}) {
                for (boolean cache : new boolean[] {true, false}) {
                    GenerationSettings s = settings().setNumBeams(beams).addStopTokenId(stop).setKvCache(cache).build();
                    List<Generation> alone = oneByOne(g, s);
                    assertSame(g.generate(TEMPLATE, DOCS, s), alone);
                    if (beams == 1) {
                        assertThat(alone.get(0).stopReason()).isEqualTo(StopReason.STOP);
                        assertThat(alone.stream().map(Generation::stopReason)).contains(StopReason.MAX_TOKENS);
                    }
                }
            }
        }
    }

    @Test
    void beamSearchWithOneBeamIsGreedy() {
        for (Generator g : both()) {
            long stop = tokenAt(g, 4);
            GenerationSettings greedy = settings().addStopTokenId(stop).build();
            GenerationSettings oneBeam = settings().addStopTokenId(stop).setNumBeams(1).setLengthPenalty(2.0).build();
            assertSame(g.generate(TEMPLATE, DOCS, oneBeam), g.generate(TEMPLATE, DOCS, greedy));
            // the beam path, not the greedy one, with one beam: the same tokens
            List<Prompt> prompts = new ArrayList<>();
            DOCS.forEach(d -> prompts.add(g.encode(TEMPLATE, d, greedy)));
            assertSame(beamOf(g, prompts, greedy, 1), g.generate(prompts, greedy));
        }
    }

    private static List<Generation> beamOf(Generator g, List<Prompt> prompts, GenerationSettings s, int beams) {
        return LargeStack.call("test-beam", () -> {
            try {
                return g.generateBeamHere(prompts, s, beams);
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aStopTokenEndsTheRowBeforeIt() {
        for (Generator g : both()) {
            long[] full = g.generate(TEMPLATE, DOCS.subList(0, 1), settings().build()).get(0).tokenIds();
            long stop = tokenAt(g, 3);
            int at = indexOf(full, stop);
            Generation out = g.generate(TEMPLATE, DOCS.subList(0, 1), settings().addStopTokenId(stop).build()).get(0);
            assertThat(out.stopReason()).isEqualTo(StopReason.STOP);
            assertThat(out.tokenIds()).containsExactly(Arrays.copyOf(full, at));
        }
    }

    @Test
    void anEndOfSequenceTokenFromGenerationConfigEndsTheRow() throws IOException {
        long[] full = causal.generate(TEMPLATE, DOCS.subList(0, 1), settings().build()).get(0).tokenIds();
        long eos = tokenAt(causal, 5);
        Path copy = copyModel(dir.resolve("causal"), dir.resolve("causal-eos"),
                "{\"eos_token_id\": [" + TinyModels.EOS + ", " + eos + "], \"max_new_tokens\": 9}");
        try (Generator g = Generator.open(copy, CPU1)) {
            assertThat(g.layout().config().eosTokenIds()).containsExactlyInAnyOrder((long) TinyModels.EOS, eos);
            List<Generation> out = g.generate(TEMPLATE, DOCS, GenerationSettings.defaults());
            assertThat(out.get(0).stopReason()).isEqualTo(StopReason.EOS);
            assertThat(out.get(0).tokenIds()).containsExactly(Arrays.copyOf(full, indexOf(full, eos)));
            // max_new_tokens of generation_config.json applies when the settings leave it at 0
            assertThat(out).allSatisfy(o -> assertThat(o.tokenIds().length).isLessThanOrEqualTo(9));
            assertThat(out.stream().filter(o -> o.stopReason() == StopReason.MAX_TOKENS))
                    .allSatisfy(o -> assertThat(o.tokenIds()).hasSize(9));
        }
    }

    @Test
    void aStopStringCutsTheTextBeforeIt() {
        for (Generator g : both()) {
            Generation full = g.generate(TEMPLATE, DOCS.subList(0, 1), settings().build()).get(0);
            long stop = tokenAt(g, 3);
            String word = TinyModels.WORDS.get((int) stop - 4);
            Generation out = g.generate(TEMPLATE, DOCS.subList(0, 1), settings().addStopString(word).build()).get(0);
            assertThat(out.stopReason()).isEqualTo(StopReason.STOP);
            assertThat(full.text()).startsWith(out.text() + word);
            assertThat(out.text()).doesNotContain(word);
            assertThat(out.tokenIds()).containsExactly(Arrays.copyOf(full.tokenIds(), indexOf(full.tokenIds(), stop) + 1));
        }
    }

    @Test
    void maxNewTokensCutsGreedyOutputToItsPrefix() {
        for (Generator g : both()) {
            List<Generation> full = g.generate(TEMPLATE, DOCS, settings().build());
            List<Generation> short5 = g.generate(TEMPLATE, DOCS, settings().setMaxNewTokens(5).build());
            for (int i = 0; i < DOCS.size(); i++) {
                assertThat(short5.get(i).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
                assertThat(short5.get(i).tokenIds()).containsExactly(Arrays.copyOf(full.get(i).tokenIds(), 5));
            }
            assertThat(g.generate(TEMPLATE, DOCS, settings().setNumBeams(3).setMaxNewTokens(4).build()))
                    .allSatisfy(o -> assertThat(o.tokenIds().length).isLessThanOrEqualTo(4));
        }
    }

    @Test
    void aLongDocumentIsCutFromItsEndKeepingTheTemplate() {
        String longDoc = String.join(" ", Collections.nCopies(30, "the big dog ran"));
        GenerationSettings s = settings().setMaxInputTokens(20).build();
        for (Generator g : both()) {
            Prompt p = g.encode(TEMPLATE, longDoc, s);
            assertThat(p.truncated()).isTrue();
            assertThat(p.length()).isLessThanOrEqualTo(20).isGreaterThanOrEqualTo(18);
            assertThat(p.totalTokens()).isGreaterThan(120);
            Prompt whole = g.encode(TEMPLATE, "the big dog ran", s);
            // same start (template head, document start) and same end (template tail)
            assertThat(Arrays.copyOf(p.ids(), 4)).containsExactly(Arrays.copyOf(whole.ids(), 4));
            int tail = g == seq2seq ? 3 : 2;
            assertThat(Arrays.copyOfRange(p.ids(), p.length() - tail, p.length()))
                    .containsExactly(Arrays.copyOfRange(whole.ids(), whole.length() - tail, whole.length()));
            Generation out = g.generate(List.of(p), s).get(0);
            assertThat(out.promptTruncated()).isTrue();
            assertThat(out.promptTokens()).isEqualTo(p.length());
        }
    }

    private static int indexOf(long[] tokens, long token) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == token) {
                return i;
            }
        }
        throw new AssertionError(token + " not generated");
    }

    static Path copyModel(Path from, Path to, String generationConfig) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            files.forEach(f -> copy(f, to.resolve(f.getFileName())));
        }
        if (generationConfig != null) {
            Files.writeString(to.resolve("generation_config.json"), generationConfig);
        }
        return to;
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
