/**
 * Task plug-ins: {@link io.llmstream.core.task.EnrichmentTask} (options, validated config, runner),
 * the {@link io.llmstream.core.task.TaskRegistry} that lists them, the {@link io.llmstream.core.task.Document}
 * tasks read and the {@link io.llmstream.core.task.ResultWriter} their outputs write to, and the
 * {@link io.llmstream.core.task.TaskMetrics} every task reports. Flink-free apart from
 * {@code org.apache.flink.configuration} (typed options).
 */
package io.llmstream.core.task;
