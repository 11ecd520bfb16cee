/**
 * Retrieval over the chunk index a job built: the {@code search} command (dense, lexical and
 * hybrid top-k), the {@code solr} command and {@link io.llmstream.search.LocalSolrServer} that run a
 * local Solr node for tests and examples, and the retrieval evaluation ({@code eval-retrieval}).
 */
package io.llmstream.search;
