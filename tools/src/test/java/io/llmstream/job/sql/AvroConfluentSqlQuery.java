package io.llmstream.job.sql;

import io.llmstream.schema.EmbeddingRequest;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Flink SQL in its own JVM (see {@link AvroConfluentSqlITCase}): reads a Kafka table in the
 * {@code avro-confluent} format and prints its rows, then writes some of them to a second topic in
 * the same format under our request schema.
 *
 * <p>Arguments: bootstrap servers, requests topic, output topic, registry URL, {@code user:password}.
 */
public final class AvroConfluentSqlQuery {
    /** Prefix of each printed row; its fields follow, tab-separated. */
    public static final String ROW = "ROW\t";

    private AvroConfluentSqlQuery() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String url = args[3];
        String userInfo = args[4];
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tables.executeSql("CREATE TABLE requests (id STRING, text STRING, jobId STRING, attributes MAP<STRING, STRING>,"
                + " submitTimeMillis BIGINT) WITH (" + kafka(bootstrap, args[1], url, userInfo)
                + ", 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset')");
        try (CloseableIterator<Row> rows = tables.executeSql(
                "SELECT id, text, attributes['n'] FROM requests").collect()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                System.out.println(ROW + row.getField(0) + "\t" + row.getField(1) + "\t" + row.getField(2));
            }
        }
        tables.executeSql("CREATE TABLE from_sql (id STRING NOT NULL, text STRING NOT NULL, jobId STRING,"
                + " attributes MAP<STRING NOT NULL, STRING NOT NULL> NOT NULL, submitTimeMillis BIGINT) WITH ("
                + kafka(bootstrap, args[2], url, userInfo) + ", 'avro-confluent.subject' = '" + args[2] + "-value',"
                + " 'avro-confluent.schema' = '" + EmbeddingRequest.getClassSchema().toString().replace("'", "''") + "')");
        tables.executeSql("INSERT INTO from_sql SELECT id, UPPER(text), jobId, attributes, submitTimeMillis FROM requests")
                .await();
        System.out.println("DONE");
    }

    private static String kafka(String bootstrap, String topic, String url, String userInfo) {
        return "'connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '" + bootstrap + "',"
                + " 'format' = 'avro-confluent', 'avro-confluent.url' = '" + url + "',"
                + " 'avro-confluent.basic-auth.credentials-source' = 'USER_INFO',"
                + " 'avro-confluent.basic-auth.user-info' = '" + userInfo + "'";
    }
}
