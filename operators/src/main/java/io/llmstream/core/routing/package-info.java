/**
 * Several models in one pipeline: the {@code models} section, and the routing of each record to
 * one of them by a request attribute or by the script of its text ({@link io.llmstream.core.routing.ModelRouting}).
 */
package io.llmstream.core.routing;
