/** Writing ONNX model files from code: classifier heads trained here, tiny models for tests. */
package io.llmstream.core.onnx;
