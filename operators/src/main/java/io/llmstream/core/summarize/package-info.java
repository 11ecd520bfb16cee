/** Extractive summaries: sentence segmentation (English and Chinese punctuation) and MMR selection over sentence vectors. */
package io.llmstream.core.summarize;
