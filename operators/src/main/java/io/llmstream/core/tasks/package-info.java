/** What the pipeline does with each text, as one serializable setting. */
package io.llmstream.core.tasks;
