#!/bin/sh
# Entry point of the test broker image: formats the broker's storage (KRaft) with the cluster id
# in KAFKA_CLUSTER_ID, then runs the broker in the foreground with the configuration file in $1.
# A test broker serves little traffic: the client compiler alone and the serial collector start
# both JVMs in about half the time on a small, busy machine.
set -e
config="$1"
jvm="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
java $jvm -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format --ignore-formatted -t "$KAFKA_CLUSTER_ID" -c "$config"
exec java $jvm -Xmx512m -Dlog4j2.configurationFile=/opt/kafka/log4j2.properties \
  -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
