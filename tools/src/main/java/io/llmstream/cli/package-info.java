/** The {@code llm-stream} command line: {@code demo}, {@code run} and their argument parsing. */
package io.llmstream.cli;
