/**
 * Reading the typed option groups that live with each component: one place that resolves
 * deprecated keys (with a warning naming the new key), parses enums as users write them and
 * words every error as {@code key = 'value' ...; allowed: ...}. {@link
 * io.llmstream.core.config.EnumValues} is that enum parser on its own, for values that come from
 * elsewhere (a command-line option, a request field). Uses Flink's configuration types only
 * ({@code org.apache.flink.configuration}), nothing else of Flink.
 */
package io.llmstream.core.config;
