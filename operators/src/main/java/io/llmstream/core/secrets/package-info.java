/**
 * Secrets in settings written as placeholders ({@code ${env:NAME}}, {@code ${file:/path}}) and
 * resolved only where they are used, so that settings, job graphs and logs hold the placeholder.
 * Free of Flink.
 */
package io.llmstream.core.secrets;
