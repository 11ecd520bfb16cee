/**
 * Keywords: the k words or phrases of a text whose vectors, under the pipeline's embedding model,
 * are closest to the text's own vector, picked with a diversity penalty (maximal marginal
 * relevance). {@link io.llmstream.core.keywords.KeywordCandidates} forms the candidates (word
 * n-grams for space-separated scripts, character n-grams of Han runs for Chinese),
 * {@link io.llmstream.core.keywords.KeywordRanker} ranks their vectors,
 * {@link io.llmstream.core.keywords.KeywordExtractor} ties the two together, and
 * {@link io.llmstream.core.keywords.KeywordsTask} is the {@code keywords} task that runs them in the
 * pipeline, embedding the candidates through its batching service.
 */
package io.llmstream.core.keywords;
