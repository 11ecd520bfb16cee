package io.llmstream.server;

/**
 * One model the embed server answers with, as probed at start: its id (what requests name), the
 * SHA-256 of its weights, the width of its vectors, and whether they are unit length (so a cut
 * vector is re-normalised).
 */
public record ServedModel(String id, String sha256, int width, boolean normalize) {}
