/**
 * ONNX Runtime sessions: which device runs them and the per-JVM cache that lets every slot of a
 * TaskManager share one copy of each model.
 */
package io.llmstream.core.runtime;
