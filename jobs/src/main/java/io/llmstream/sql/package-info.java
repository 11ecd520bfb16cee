/**
 * Flink SQL model provider {@code 'provider' = 'onnx'}: {@code CREATE MODEL ... WITH ('provider' =
 * 'onnx', 'task' = 'embed')} and {@code ML_PREDICT} run the job's in-process ONNX tasks, batched
 * JVM-wide, with the job's settings and metrics; and the {@code sql} command that runs a SQL script
 * on the embedded broker.
 */
package io.llmstream.sql;
