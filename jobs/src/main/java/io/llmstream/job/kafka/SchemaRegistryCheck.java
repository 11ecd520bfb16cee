package io.llmstream.job.kafka;

import io.llmstream.core.records.OutputOptions;
import io.llmstream.core.registry.SchemaRegistryOptions;
import io.llmstream.core.registry.RegistryAvroEncoder;
import io.llmstream.core.registry.SchemaRegistryClient;
import io.llmstream.core.registry.SchemaRegistryException;
import io.llmstream.job.JobSettings;
import io.llmstream.schema.DeadLetter;
import io.llmstream.schema.EmbeddingResult;
import org.apache.avro.Schema;

/**
 * Checks at start that the job's schema registry answers and, for Confluent-framed output, that
 * the result and dead-letter schemas are (or can be) registered under their subjects; so that a
 * wrong URL, bad credentials or an incompatible subject stop the job before it reads anything.
 */
public final class SchemaRegistryCheck {
    private SchemaRegistryCheck() {}

    /**
     * @throws IllegalArgumentException naming the setting to fix, when the registry cannot be used
     */
    public static void atStart(JobSettings settings) {
        if (settings.schemaRegistry() == null) {
            return;
        }
        SchemaRegistryClient client = new SchemaRegistryClient(settings.schemaRegistry());
        try {
            client.checkReachable();
        } catch (SchemaRegistryException e) {
            boolean auth = e.status() == 401 || e.status() == 403;
            throw new IllegalArgumentException(SchemaRegistryOptions.URL.key() + " = '" + settings.schemaRegistry().url()
                    + "': the schema registry cannot be used: " + e.getMessage()
                    + (auth ? " (check " + SchemaRegistryOptions.USERNAME.key() + " and "
                            + SchemaRegistryOptions.PASSWORD.key() + ")" : ""), e);
        }
        if (settings.outputConfluent()) {
            resolve(client, settings.resultsTopic(), EmbeddingResult.getClassSchema(), TopicOptions.RESULTS.key());
            resolve(client, settings.deadLettersTopic(), DeadLetter.getClassSchema(), TopicOptions.DEAD_LETTERS.key());
        }
    }

    private static void resolve(SchemaRegistryClient client, String topic, Schema schema, String topicKey) {
        String subject = RegistryAvroEncoder.valueSubject(topic);
        boolean register = client.settings().autoRegister();
        try {
            if (register) {
                client.register(subject, schema);
            } else {
                client.lookup(subject, schema);
            }
        } catch (SchemaRegistryException e) {
            String why = e.status() == 409
                    ? "the subject's compatibility rule refuses it (an earlier version there cannot evolve into ours)"
                    : e.isNotFound() && !register
                            ? "it is not registered there and " + SchemaRegistryOptions.AUTO_REGISTER.key() + " is false"
                            : e.getMessage();
            throw new IllegalArgumentException(OutputOptions.FORMAT.key() + " = avro-confluent: the " + schema.getName()
                    + " schema cannot be used under subject '" + subject + "' (" + topicKey + " = " + topic + "): " + why, e);
        }
    }
}
