package io.llmstream.core.text;

import ai.djl.huggingface.tokenizers.jni.CharSpan;

/**
 * Where each token of an encoding sits in its text, as UTF-16 indices of the Java string, so that
 * a window of tokens can name the characters it covers ({@code text.substring(start, end)}).
 */
final class CharSpans {
    private final int[] starts;
    private final int[] ends;

    private CharSpans(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /**
     * The spans of every token; special tokens, which cover no character, get -1.
     * The tokenizer counts characters as code points, so they are mapped to UTF-16 indices here:
     * outside the Basic Multilingual Plane (emoji, rare CJK) the two differ.
     *
     * @param text what was encoded: the model's prefix, then the record's text
     * @param prefixLength the prefix's length; spans count from the record's text, and tokens of
     *     the prefix cover nothing of it
     */
    static CharSpans of(String text, int prefixLength, CharSpan[] spans, long[] specialTokenMask) {
        int[] utf16 = codePointToUtf16(text);
        int[] starts = new int[spans.length];
        int[] ends = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            CharSpan span = spans[i];
            boolean covers = span != null && span.getEnd() > span.getStart() && specialTokenMask[i] == 0;
            int end = covers ? utf16[Math.min(span.getEnd(), utf16.length - 1)] - prefixLength : 0;
            starts[i] = end > 0 ? Math.max(0, utf16[Math.min(span.getStart(), utf16.length - 1)] - prefixLength) : -1;
            ends[i] = end > 0 ? end : -1;
        }
        return new CharSpans(starts, ends);
    }

    /** For each code point index 0..n (n included), its UTF-16 index in {@code text}. */
    private static int[] codePointToUtf16(String text) {
        int[] out = new int[text.codePointCount(0, text.length()) + 1];
        int at = 0;
        for (int i = 0; i < out.length - 1; i++) {
            out[i] = at;
            at += Character.charCount(text.codePointAt(at));
        }
        out[out.length - 1] = text.length();
        return out;
    }

    /** The first character covered by the {@code count} tokens from {@code from}; -1 when none covers any. */
    int start(int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (starts[i] >= 0) {
                return starts[i];
            }
        }
        return -1;
    }

    /** The index after the last character covered by the {@code count} tokens from {@code from}; -1 when none covers any. */
    int end(int from, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            if (ends[i] >= 0) {
                return ends[i];
            }
        }
        return -1;
    }
}
