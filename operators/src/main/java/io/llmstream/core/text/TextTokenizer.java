package io.llmstream.core.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.llmstream.core.model.ModelLoadException;
import io.llmstream.core.model.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Wraps a Hugging Face {@code tokenizer.json}. Whatever padding and truncation the file declares
 * are switched off: the full text is encoded (so the token count is exact) and then cut to the
 * model's window here, keeping the leading and trailing special tokens. A text prefix the model
 * expects (e5's {@code passage: }) is put before every text and kept in every window, next to the
 * leading special tokens.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;
    private final String prefix;
    private final long[] prefixIds;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxTokens, String prefix) {
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        this.prefix = prefix;
        this.prefixIds = contentIds(tokenizer.encode(prefix));
    }

    private static long[] contentIds(Encoding encoding) {
        long[] ids = encoding.getIds();
        long[] special = encoding.getSpecialTokenMask();
        return IntStream.range(0, ids.length).filter(i -> special[i] == 0).mapToLong(i -> ids[i]).toArray();
    }

    /**
     * Loads a tokenizer.
     *
     * @param maxTokens window of the model, special tokens included
     * @throws ModelLoadException naming the file when it is missing or not a tokenizer
     */
    public static TextTokenizer load(ModelSource source, int maxTokens) {
        return load(source, maxTokens, "");
    }

    /**
     * Loads a tokenizer that puts {@code prefix} before every text.
     *
     * @param maxTokens window of the model, special tokens and prefix included
     * @throws ModelLoadException naming the file when it is missing or not a tokenizer
     */
    public static TextTokenizer load(ModelSource source, int maxTokens, String prefix) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be at least 2, got " + maxTokens);
        }
        Map<String, String> options = Map.of(
                "padding", "false",
                "truncation", "false",
                "addSpecialTokens", "true",
                "modelMaxLength", String.valueOf(Integer.MAX_VALUE));
        try (InputStream in = source.open()) {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(in, options), maxTokens, prefix);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read tokenizer " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Tokenizer " + source + " is not a valid tokenizer.json: " + e.getMessage(), e);
        }
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** The prefix put before every text; empty for none. */
    public String prefix() {
        return prefix;
    }

    /** Encodes one text and truncates it to the window. */
    public TokenizedText encode(String text) {
        RawEncoding encoding = encodeRaw(prefix + text);
        long[] ids = encoding.ids;
        long[] typeIds = encoding.typeIds;
        if (ids.length <= maxTokens) {
            return new TokenizedText(ids, typeIds, ids.length, 0, text.length());
        }
        return truncate(ids, typeIds, encoding.specialTokenMask, encoding.spans(prefix + text, prefix.length()));
    }

    /**
     * Encodes through the native library's calls directly and reads back only what the model
     * needs. DJL's {@link Encoding} also copies out the tokens as strings, their character spans,
     * word and sequence ids and the attention mask, one JNI call and one Java array each, which
     * took most of the tokenizer's time for paragraphs. The ids are the native encoding's, so
     * they equal {@code HuggingFaceTokenizer.encode}'s: no lower-casing, prefix space or accent
     * stripping is configured in {@link #load}, which is all DJL does to a text before the call.
     */
    private RawEncoding encodeRaw(String text) {
        Objects.requireNonNull(text, "text");
        TokenizersLibrary lib = TokenizersLibrary.LIB;
        long encoding = lib.encode(tokenizer.getHandle(), text, true);
        try {
            long[] ids = lib.getTokenIds(encoding);
            long[] typeIds = lib.getTypeIds(encoding);
            // the mask and the spans are only read to cut windows, so they are fetched only for texts over the window
            boolean over = ids.length > maxTokens;
            return new RawEncoding(ids, typeIds, over ? lib.getSpecialTokenMask(encoding) : null,
                    over ? lib.getTokenCharSpans(encoding) : null);
        } finally {
            lib.deleteEncoding(encoding);
        }
    }

    /**
     * What {@link #encodeRaw} reads back; {@code specialTokenMask} and {@code charSpans} are null
     * for texts that fit the window.
     */
    private static final class RawEncoding {
        final long[] ids;
        final long[] typeIds;
        final long[] specialTokenMask;
        final CharSpan[] charSpans;

        RawEncoding(long[] ids, long[] typeIds, long[] specialTokenMask, CharSpan[] charSpans) {
            this.ids = ids;
            this.typeIds = typeIds;
            this.specialTokenMask = specialTokenMask;
            this.charSpans = charSpans;
        }

        /** Where the tokens sit in the record's text, which followed a prefix of {@code prefixLength} in {@code encoded}. */
        CharSpans spans(String encoded, int prefixLength) {
            return CharSpans.of(encoded, prefixLength, charSpans, specialTokenMask);
        }
    }

    /**
     * Encodes one text and, when it does not fit the window, keeps its end: the leading special
     * tokens, the last content tokens that fit, and the trailing special tokens.
     */
    public TokenizedText encodeEnd(String text) {
        RawEncoding encoding = encodeRaw(prefix + text);
        long[] ids = encoding.ids;
        long[] typeIds = encoding.typeIds;
        if (ids.length <= maxTokens) {
            return new TokenizedText(ids, typeIds, ids.length, 0, text.length());
        }
        Frame frame = new Frame(ids, encoding.specialTokenMask, maxTokens, prefixIds);
        if (frame.capacity == 0) {
            return truncate(ids, typeIds, encoding.specialTokenMask, encoding.spans(prefix + text, prefix.length()));
        }
        int start = frame.contentLength - frame.capacity;
        TokenizedText window = frame.window(ids, typeIds, start);
        CharSpans spans = encoding.spans(prefix + text, prefix.length());
        return new TokenizedText(window.ids(), window.typeIds(), ids.length,
                spans.start(frame.head + start, frame.capacity), spans.end(frame.head + start, frame.capacity));
    }

    /**
     * Keeps the leading special tokens, as many content tokens as fit, and the trailing special
     * tokens, which is what the tokenizer's own right truncation produces for one sequence.
     */
    private TokenizedText truncate(long[] ids, long[] typeIds, long[] special, CharSpans spans) {
        Frame frame = new Frame(ids, special, maxTokens, prefixIds);
        TokenizedText window = frame.window(ids, typeIds, 0);
        if (window.length() <= maxTokens) {
            int content = window.length() - frame.head - frame.tail;
            return new TokenizedText(window.ids(), window.typeIds(), ids.length,
                    spans.start(frame.head, content), spans.end(frame.head, content));
        }
        // more special tokens than the window: keep the first maxTokens, nothing better exists
        return new TokenizedText(Arrays.copyOf(ids, maxTokens), Arrays.copyOf(typeIds, maxTokens), ids.length);
    }

    /**
     * Cuts a text into windows of the model's size that overlap by {@code overlap} content tokens,
     * each framed by the sequence's special tokens, so that no part of a long text goes unseen.
     *
     * @param maxChunks at most this many windows; a longer text is cut after them
     * @throws IllegalArgumentException when the overlap leaves no room to advance
     */
    public ChunkedText encodeChunks(String text, int overlap, int maxChunks) {
        RawEncoding encoding = encodeRaw(prefix + text);
        long[] ids = encoding.ids;
        long[] typeIds = encoding.typeIds;
        if (ids.length <= maxTokens) {
            return new ChunkedText(List.of(new TokenizedText(ids, typeIds, ids.length, 0, text.length())), ids.length, false);
        }
        CharSpans spans = encoding.spans(prefix + text, prefix.length());
        Frame frame = new Frame(ids, encoding.specialTokenMask, maxTokens, prefixIds);
        int step = frame.capacity - overlap;
        if (overlap < 0 || step < 1) {
            throw new IllegalArgumentException("chunking.overlap = " + overlap + " leaves no room to advance in a window of "
                    + frame.capacity + " content tokens; allowed: 0.." + (frame.capacity - 1));
        }
        List<TokenizedText> chunks = new ArrayList<>();
        int start = 0;
        while (chunks.size() < maxChunks) {
            TokenizedText window = frame.window(ids, typeIds, start);
            int content = window.length() - frame.head - frame.tail;
            chunks.add(new TokenizedText(window.ids(), window.typeIds(), window.totalTokens(),
                    spans.start(frame.head + start, content), spans.end(frame.head + start, content)));
            if (start + frame.capacity >= frame.contentLength) {
                return new ChunkedText(chunks, ids.length, false);
            }
            start += step;
        }
        return new ChunkedText(chunks, ids.length, true);
    }

    /**
     * Where the content of an encoding sits between its head (leading special tokens and the
     * prefix) and its trailing special tokens.
     */
    private static final class Frame {
        final int head;
        final int tail;
        final int contentLength;
        final int capacity;

        Frame(long[] ids, long[] special, int maxTokens, long[] prefixIds) {
            int h = 0;
            while (h < ids.length && special[h] != 0) {
                h++;
            }
            // a prefix the tokenizer merged with the text's first word stays content: it is then in the first window only
            if (h + prefixIds.length <= ids.length && Arrays.equals(ids, h, h + prefixIds.length, prefixIds, 0, prefixIds.length)) {
                h += prefixIds.length;
            }
            int t = 0;
            while (t < ids.length - h && special[ids.length - 1 - t] != 0) {
                t++;
            }
            this.head = h;
            this.tail = t;
            this.contentLength = ids.length - h - t;
            this.capacity = Math.max(0, maxTokens - h - t);
        }

        /** The head, up to {@code capacity} content tokens from {@code start}, and the tail. */
        TokenizedText window(long[] ids, long[] typeIds, int start) {
            int content = Math.max(0, Math.min(capacity, contentLength - start));
            long[] outIds = new long[head + content + tail];
            long[] outTypes = new long[outIds.length];
            System.arraycopy(ids, 0, outIds, 0, head);
            System.arraycopy(typeIds, 0, outTypes, 0, head);
            System.arraycopy(ids, head + start, outIds, head, content);
            System.arraycopy(typeIds, head + start, outTypes, head, content);
            System.arraycopy(ids, ids.length - tail, outIds, head + content, tail);
            System.arraycopy(typeIds, ids.length - tail, outTypes, head + content, tail);
            return new TokenizedText(outIds, outTypes, outIds.length);
        }
    }

    /** Turns ids back into text, special tokens kept; for inspection and tests. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    /** The text the model actually sees after truncation, without special tokens. */
    public String visibleText(TokenizedText text) {
        return tokenizer.decode(text.ids(), true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
