/** Batch jobs: the state machine of a job submitted on the control topic and tracked by its answered records. */
package io.llmstream.core.jobs;
