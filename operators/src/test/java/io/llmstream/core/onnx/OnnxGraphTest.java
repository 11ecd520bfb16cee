package io.llmstream.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.llmstream.core.runtime.LargeStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {

    @Test
    void writesAModelThatOnnxRuntimeRunsWithTheExpectedArithmetic() throws Exception {
        OnnxGraph g = new OnnxGraph("affine-softmax")
                .floatInput("x", "batch", 2)
                .floatOutput("p", "batch", 2)
                .initializer(OnnxTensorData.floats("w", new float[] {1, -1, 2, 0.5f}, 2, 2))
                .initializer(OnnxTensorData.floats("b", new float[] {0.25f, -0.25f}, 2))
                .metadata("labels", "[\"a\",\"b\"]");
        String z = g.node("Add", List.of(g.node("MatMul", List.of("x", "w"), "xw"), "b"), "z");
        g.node("Softmax", List.of(z), "p", OnnxAttribute.of("axis", 1L));

        float[][] p = LargeStack.call("test-ort", () -> {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(g.toModelBytes(), new OrtSession.SessionOptions());
                    OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{1, 2}, {-1, 0}});
                    OrtSession.Result r = s.run(Map.of("x", x))) {
                assertThat(s.getMetadata().getCustomMetadataValue("labels")).contains("[\"a\",\"b\"]");
                return (float[][]) r.get(0).getValue();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        });

        // x·w + b = [1+4, -1+1] + b = [5.25, -0.25]; [-1, 1] + b = [-0.75, 0.75]
        assertThat(p[0][0]).isCloseTo((float) (1 / (1 + Math.exp(-5.5))), within(1e-6f));
        assertThat(p[1][1]).isCloseTo((float) (1 / (1 + Math.exp(-1.5))), within(1e-6f));
    }

    @Test
    void subgraphsRunAsBranchesOfAnIfNode() throws Exception {
        OnnxGraph twice = new OnnxGraph("twice").floatOutput("y_then", 2);
        twice.node("Mul", List.of("x", "two"), "y_then");
        OnnxGraph same = new OnnxGraph("same").floatOutput("y_else", 2);
        same.node("Identity", List.of("x"), "y_else");
        OnnxGraph g = new OnnxGraph("branch")
                .floatInput("x", 2)
                .boolInput("c")
                .floatOutput("y", 2)
                .initializer(OnnxTensorData.floats("two", new float[] {2}, 1));
        g.node("If", List.of("c"), "y", OnnxAttribute.of("then_branch", twice), OnnxAttribute.of("else_branch", same));

        float[][] out = LargeStack.call("test-ort", () -> {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(g.toModelBytes(), new OrtSession.SessionOptions());
                    OnnxTensor x = OnnxTensor.createTensor(env, new float[] {3, 4});
                    OnnxTensor yes = OnnxTensor.createTensor(env, true);
                    OnnxTensor no = OnnxTensor.createTensor(env, false);
                    OrtSession.Result a = s.run(Map.of("x", x, "c", yes));
                    OrtSession.Result b = s.run(Map.of("x", x, "c", no))) {
                return new float[][] {(float[]) a.get(0).getValue(), (float[]) b.get(0).getValue()};
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(out[0]).containsExactly(6, 8);
        assertThat(out[1]).containsExactly(3, 4);
    }
}
