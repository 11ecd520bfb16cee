/**
 * The job's file source and sinks ({@code source.kind} / {@code sink.kind} = files): requests read
 * as lines of files under a path, results and dead letters written as lines into part files that
 * are committed exactly once.
 */
package io.llmstream.job.files;
