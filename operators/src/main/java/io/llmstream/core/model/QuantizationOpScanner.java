package io.llmstream.core.model;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds integer-quantisation op types in an ONNX file while it streams past. Op types are stored
 * as plain strings in the ONNX protobuf, so a byte search finds them without parsing the graph;
 * the file is fed in chunks, and a short tail of each chunk is kept so that a name split across
 * two chunks is still found.
 */
final class QuantizationOpScanner {
    /** Whole op names, and {@code QLinear}, the prefix of a family (QLinearMatMul, QLinearConv, ...). */
    private static final String[] NAMES = {ModelFiles.DYNAMIC_QUANTIZE_OP, "MatMulInteger", "ConvInteger", "QLinear"};
    private static final String FAMILY_PREFIX = "QLinear";
    /** Longer than any op name, so a name cut by a chunk boundary is whole in the carried tail. */
    private static final int TAIL = 64;

    private final Set<String> found = new TreeSet<>();
    private byte[] window = new byte[0];

    /** Scans the first {@code length} bytes of {@code chunk}, which follow the bytes scanned before. */
    void update(byte[] chunk, int length) {
        byte[] joined = new byte[window.length + length];
        System.arraycopy(window, 0, joined, 0, window.length);
        System.arraycopy(chunk, 0, joined, window.length, length);
        for (String name : NAMES) {
            byte[] needle = name.getBytes(StandardCharsets.US_ASCII);
            for (int at = indexOf(joined, needle, 0); at >= 0; at = indexOf(joined, needle, at + 1)) {
                String op = name.equals(FAMILY_PREFIX) ? identifierAt(joined, at) : name;
                if (op != null) {
                    found.add(op);
                }
            }
        }
        int keep = Math.min(TAIL, joined.length);
        window = new byte[keep];
        System.arraycopy(joined, joined.length - keep, window, 0, keep);
    }

    /** The op types seen so far, sorted. */
    Set<String> found() {
        return Collections.unmodifiableSet(new TreeSet<>(found));
    }

    /**
     * The letters and digits from {@code at} on, or {@code null} when they run to the end of the
     * buffer: the rest of the name is then in the next chunk, where the carried tail finds it whole.
     */
    private static String identifierAt(byte[] bytes, int at) {
        int end = at;
        while (end < bytes.length && Character.isLetterOrDigit(bytes[end])) {
            end++;
        }
        return end == bytes.length ? null : new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
