package io.llmstream.core.task;

import io.llmstream.core.batch.EngineConfig;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * A task the pipeline can run on every document (embed, summarize, classify, ...): it declares its
 * settings and the result fields it writes, turns the settings into a serializable validated
 * config where the job is planned, and opens a {@link TaskRunner} where the job runs. The
 * framework ({@code Enricher}) owns preprocessing, the document vector, dead letters and metrics.
 *
 * <p>To add a task: implement this interface in the task's own package, list it in
 * {@link TaskRegistry}, and add its result fields to the result schema under the Avro names its
 * {@link ResultField}s give.
 *
 * <p>Implementations are stateless (what they load lives in the runner), so that a task ships with
 * the job graph next to its config.
 *
 * @param <C> the validated config; shipped with the job graph, so serializable
 */
public interface EnrichmentTask<C extends Serializable> extends Serializable {

    /** The name users write in {@code tasks}, and the stage named in this task's dead letters. */
    String name();

    /** The task's settings, with keys, types, defaults and descriptions. */
    List<ConfigOption<?>> options();

    /** Prefixes of free-form keys the task reads besides {@link #options()} (e.g. {@code classify.labels.}). */
    default List<String> optionPrefixes() {
        return List.of();
    }

    /** What the keys under {@code prefix}, one of {@link #optionPrefixes()}, set; for help and the settings table. */
    default String describePrefix(String prefix) {
        throw new IllegalArgumentException(prefix + " is not an option prefix of the " + name() + " task");
    }

    /** The fields this task writes into each result, in output order. */
    List<ResultField<?>> resultFields();

    /**
     * Reads and validates the task's settings.
     *
     * @param engine the pipeline's embedding model and how it runs (its device, batching and
     *     workers also run a task's own models)
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    C configure(ReadableConfig conf, EngineConfig engine);

    /** Loads what the task needs (models, label vectors) where the job runs. */
    TaskRunner open(C config, TaskContext context);
}
