/**
 * Text before the model: tokenization with Hugging Face {@code tokenizer.json} files (the code, not
 * the file, decides padding and truncation) and preprocessing of raw input such as e-mails.
 */
package io.llmstream.core.text;
