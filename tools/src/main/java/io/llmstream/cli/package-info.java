/**
 * The {@code llm-stream} command line on picocli: the table of commands, the pipeline settings as
 * options (derived from the job's options at run time), shorthands, usage errors with suggestions,
 * and the parsed {@link io.llmstream.cli.Args} every command runs on.
 */
package io.llmstream.cli;
