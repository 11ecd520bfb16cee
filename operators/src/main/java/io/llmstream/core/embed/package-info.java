/** The embed task: batches of tokenized texts in, pooled and normalised sentence vectors out. */
package io.llmstream.core.embed;
