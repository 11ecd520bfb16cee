-- Kafka -> ONNX models in Flink SQL -> Kafka: every passage gets its embedding and a zero-shot
-- topic label. Run it with `bin/llm-stream sql` (this file is its default script), or on your
-- own broker with the placeholders replaced:
--   ${bootstrap-servers}  Kafka bootstrap servers
--   ${input-topic}        topic of the input records, JSON {"id": ..., "text": ...}
--   ${output-topic}       topic the enriched rows are written to, JSON

CREATE TABLE passages (
  id STRING,
  text STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${input-topic}',
  'properties.bootstrap.servers' = '${bootstrap-servers}',
  'properties.group.id' = 'llm-stream-sql',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

-- The text is embedded once; the label comes from the same vector. A row that cannot be
-- enriched (empty or too long text, a model failure) is answered with error_reason and
-- error_message, and null results.
CREATE MODEL topic_classifier
INPUT (text STRING)
OUTPUT (
  embedding ARRAY<FLOAT>,
  tokens INT,
  label STRING,
  labels MAP<STRING, FLOAT>,
  error_reason STRING,
  error_message STRING
) WITH (
  'provider' = 'onnx',
  'task' = 'classify',
  'model' = 'all-minilm-l6-v2-q',
  'input.max-text-chars' = '20000',
  'batching.max-delay' = '5 ms',
  'classify.labels.economy' = 'the economy, jobs, wages, taxes, trade and the federal budget',
  'classify.labels.defense' = 'war, the armed forces, national security and foreign affairs',
  'classify.labels.society' = 'health care, education, families, crime and civil rights'
);

CREATE TABLE enriched (
  id STRING,
  label STRING,
  labels MAP<STRING, FLOAT>,
  tokens INT,
  embedding ARRAY<FLOAT>,
  error_reason STRING,
  error_message STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${output-topic}',
  'properties.bootstrap.servers' = '${bootstrap-servers}',
  'format' = 'json'
);

INSERT INTO enriched
SELECT id, label, labels, tokens, embedding, error_reason, error_message
FROM ML_PREDICT(TABLE passages, MODEL topic_classifier, DESCRIPTOR(text),
                MAP['async', 'true', 'max-concurrent-operations', '64']);
