package io.llmstream.core.batch;

/** The output of one model input that knows where its time went and what batch it rode in. */
public interface ModelCall {

    CallTimings timings();
}
