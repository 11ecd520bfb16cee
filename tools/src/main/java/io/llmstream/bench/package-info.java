/** {@code llm-stream bench}: throughput of the inference core, the full pipeline and a peer, measured in one process. */
package io.llmstream.bench;
