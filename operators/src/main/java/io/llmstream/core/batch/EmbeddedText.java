package io.llmstream.core.batch;

/** The vector of one submitted text, with where its time went and what batch it rode in. */
public final class EmbeddedText implements ModelCall {
    private final float[] vector;
    private final CallTimings timings;

    EmbeddedText(float[] vector, CallTimings timings) {
        this.vector = vector;
        this.timings = timings;
    }

    public float[] vector() {
        return vector;
    }

    @Override
    public CallTimings timings() {
        return timings;
    }
}
