/**
 * The batch API of {@code serve}: OpenAI's {@code /v1/files} and {@code /v1/batches} over the
 * running job. An uploaded file of request lines becomes a batch job on the control and requests
 * topics; the job's results and dead letters, read back from its exactly-once topics, become the
 * batch's output and error files.
 */
package io.llmstream.batchapi;
