/** Clients of a running pipeline: the local runner for batch jobs ({@code serve}) and {@code submit}. */
package io.llmstream.client;
