/** What a model is (its serializable {@link io.llmstream.core.model.ModelSpec}) and how its files are found and verified. */
package io.llmstream.core.model;
