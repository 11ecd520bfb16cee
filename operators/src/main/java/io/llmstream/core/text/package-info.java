/** Tokenization with Hugging Face {@code tokenizer.json} files; the code, not the file, decides padding and truncation. */
package io.llmstream.core.text;
