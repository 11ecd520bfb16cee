/** The enrichment job: its typed options, its graph, and its entry point for real clusters. */
package io.llmstream.job;
