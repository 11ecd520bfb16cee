package io.llmstream.core.registry;

import org.apache.avro.Schema;

/** Finds a writer schema by its registry id. */
@FunctionalInterface
public interface SchemaLookup {
    /**
     * @throws SchemaRegistryException when the id is unknown ({@link SchemaRegistryException#isNotFound()})
     *     or the registry failed
     */
    Schema schemaById(int id) throws SchemaRegistryException;
}
