package io.llmstream.core.records;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A vector as the {@code List<Float>} Avro's generated classes hold, without a boxed float per
 * dimension: the floats stay in their array and are boxed one at a time as they are read (by the
 * encoder, once). Read-only; the array is not copied, so it must not change afterwards.
 */
final class FloatArrayView extends AbstractList<Float> implements RandomAccess {
    private final float[] values;

    FloatArrayView(float[] values) {
        this.values = values;
    }

    @Override
    public Float get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The floats of {@code list}: its own array's copy when it is a view, else unboxed one by one. */
    static float[] toArray(java.util.List<Float> list) {
        if (list instanceof FloatArrayView) {
            return ((FloatArrayView) list).values.clone();
        }
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
