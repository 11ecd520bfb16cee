/**
 * Flink SQL model provider {@code 'provider' = 'onnx'}: {@code CREATE MODEL ... WITH ('provider' =
 * 'onnx', 'task' = 'embed')} and {@code ML_PREDICT} run the job's in-process ONNX tasks, batched
 * JVM-wide, with the job's settings and metrics; and how a SQL script is split and submitted
 * ({@link io.llmstream.sql.SqlJobs}), which the {@code sql} command of the tools runs on the embedded broker.
 */
package io.llmstream.sql;
