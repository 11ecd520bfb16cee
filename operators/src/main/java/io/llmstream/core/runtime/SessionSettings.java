package io.llmstream.core.runtime;

import java.io.Serializable;
import java.util.Objects;

/** How a session is run: device and ONNX Runtime intra-op threads (0 lets ONNX Runtime pick). */
public final class SessionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ExecutionDevice device;
    private final int intraOpThreads;

    public SessionSettings(ExecutionDevice device, int intraOpThreads) {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0 (0 = ONNX Runtime default), got " + intraOpThreads);
        }
        this.device = Objects.requireNonNull(device, "device");
        this.intraOpThreads = intraOpThreads;
    }

    /** CPU with one intra-op thread per available core. */
    public static SessionSettings cpuDefaults() {
        return new SessionSettings(ExecutionDevice.CPU, Runtime.getRuntime().availableProcessors());
    }

    public ExecutionDevice device() {
        return device;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SessionSettings)) {
            return false;
        }
        SessionSettings s = (SessionSettings) o;
        return device.equals(s.device) && intraOpThreads == s.intraOpThreads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, intraOpThreads);
    }

    @Override
    public String toString() {
        return device + "/threads=" + intraOpThreads;
    }
}
