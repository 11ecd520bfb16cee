package io.llmstream.flink;

/**
 * A Kafka record as the source read it, before any decoding, so that undecodable payloads can
 * still be dead-lettered with their original bytes. A Flink POJO.
 */
public class RawRecord {
    public byte[] key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;

    public RawRecord() {}

    public RawRecord(byte[] key, byte[] value, String topic, int partition, long offset) {
        this.key = key;
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
