/** Classification: zero-shot labels from label descriptions embedded with the same model. */
package io.llmstream.core.classify;
