-- The bench's variant (d): the pipeline's embed job written in Flink SQL. The bench fills in the
-- placeholders; ${model-options} holds the model's WITH options taken from the bench's job settings.

CREATE TABLE passages (
  id STRING,
  text STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${input-topic}',
  'properties.bootstrap.servers' = '${bootstrap-servers}',
  'properties.group.id' = '${group-id}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

-- when each row entered the job (per row in streaming mode), for the timing; the job's own
-- records carry the same instant as timings.received_at_ms
CREATE TEMPORARY VIEW received AS
SELECT id, text, CURRENT_TIMESTAMP AS received_at FROM passages;

CREATE MODEL embedder
INPUT (text STRING)
OUTPUT (embedding ARRAY<FLOAT>, error_reason STRING)
WITH (
  'provider' = 'onnx',
  'task' = 'embed',
  ${model-options}
);

-- the producer settings of the job's own Kafka sinks, so that the two variants differ in how the
-- job is written, not in how Kafka is written to; the connector's default delivery (at-least-once)
CREATE TABLE embedded (
  id STRING,
  received_at TIMESTAMP_LTZ(3),
  embedding ARRAY<FLOAT>,
  error_reason STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${output-topic}',
  'properties.bootstrap.servers' = '${bootstrap-servers}',
  'properties.linger.ms' = '20',
  'properties.batch.size' = '262144',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

INSERT INTO embedded
SELECT id, received_at, embedding, error_reason
FROM ML_PREDICT(TABLE received, MODEL embedder, DESCRIPTOR(text),
                MAP['async', 'true', 'max-concurrent-operations', '${max-concurrent-operations}']);
